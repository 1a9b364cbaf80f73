import { spawnSync } from 'node:child_process';

/**
 * XML well-formedness for tests, without an npm XML parser.
 *
 * `checkWellFormed` is a strict checker of the XML 1.0 subset a GraphML writer produces (an XML
 * declaration, comments, elements with quoted attributes, character data, the five predefined and
 * numeric character references, no DTD, no CDATA, no processing instructions past the declaration):
 * it returns the first problem, or null. `pythonXml` runs a real parser (Python's expat through
 * `xml.etree`, and networkx's `read_graphml` when installed) when python3 is on the PATH.
 */
const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
// eslint-disable-next-line no-control-regex -- control characters are what is checked
const BAD_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const REF = /^&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/;

export function checkWellFormed(xml: string): string | null {
  const bad = BAD_CHAR.exec(xml);
  if (bad) return `character U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}`;
  let i = 0;
  const stack: string[] = [];
  let roots = 0;
  const at = () => `at offset ${i}`;
  const checkRefs = (text: string, where: number): string | null => {
    for (let k = text.indexOf('&'); k >= 0; k = text.indexOf('&', k + 1)) {
      const m = REF.exec(text.slice(k, k + 12));
      if (!m) return `bad entity reference at offset ${where + k}`;
      const num = /^&#(x?)([0-9A-Fa-f]+);/.exec(m[0]);
      if (num) {
        const cp = parseInt(num[2]!, num[1] ? 16 : 10);
        if (BAD_CHAR.test(String.fromCodePoint(cp)))
          return `reference to a character XML does not allow at offset ${where + k}`;
      }
    }
    return null;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) return 'unterminated XML declaration';
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.includes('>')) return `'>' in character data near offset ${i}`;
    if (stack.length === 0 && text.trim() !== '') return `text outside the root element ${at()}`;
    const refProblem = checkRefs(text, i);
    if (refProblem) return refProblem;
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return `unterminated comment ${at()}`;
      if (xml.slice(i + 4, end).includes('--')) return `'--' inside a comment ${at()}`;
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<!', i) || xml.startsWith('<?', i)) return `unsupported markup ${at()}`;
    if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      if (!m) return `bad end tag ${at()}`;
      const rest = xml.slice(i + 2 + m[0].length);
      const close = /^\s*>/.exec(rest);
      if (!close) return `bad end tag ${at()}`;
      const open = stack.pop();
      if (open !== m[0]) return `end tag </${m[0]}> does not match <${open}> ${at()}`;
      i += 2 + m[0].length + close[0].length;
      continue;
    }
    const m = NAME.exec(xml.slice(i + 1));
    if (!m) return `bad start tag ${at()}`;
    const name = m[0];
    let j = i + 1 + name.length;
    const seen = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j))![0];
      j += ws.length;
      if (xml.startsWith('/>', j) || xml.startsWith('>', j)) break;
      if (ws.length === 0) return `attributes need white space between them at offset ${j}`;
      const a = NAME.exec(xml.slice(j));
      if (!a) return `bad attribute name at offset ${j}`;
      if (seen.has(a[0])) return `attribute ${a[0]} twice at offset ${j}`;
      seen.add(a[0]);
      j += a[0].length;
      const eq = /^\s*=\s*(["'])/.exec(xml.slice(j));
      if (!eq) return `attribute ${a[0]} without a quoted value at offset ${j}`;
      j += eq[0].length;
      const end = xml.indexOf(eq[1]!, j);
      if (end < 0) return `unterminated attribute value at offset ${j}`;
      const value = xml.slice(j, end);
      if (value.includes('<')) return `'<' in an attribute value at offset ${j}`;
      const p = checkRefs(value, j);
      if (p) return p;
      j = end + 1;
    }
    if (stack.length === 0) roots++;
    if (roots > 1) return `more than one root element ${at()}`;
    if (xml.startsWith('/>', j)) {
      i = j + 2;
    } else {
      stack.push(name);
      i = j + 1;
    }
  }
  if (stack.length > 0) return `unclosed element <${stack[stack.length - 1]}>`;
  if (roots !== 1) return 'no root element';
  return null;
}

/** Parses a file with Python's expat and, when installed, networkx. Null when python3 is absent. */
export function pythonXml(
  file: string,
): { parsed: boolean; error: string; networkx: { nodes: number; edges: number } | null } | null {
  const probe = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' });
  if (probe.status !== 0) return null;
  const script = `
import json, sys
import xml.etree.ElementTree as ET
out = {"parsed": False, "error": "", "networkx": None}
try:
    ET.parse(sys.argv[1])
    out["parsed"] = True
except Exception as e:
    out["error"] = str(e)
try:
    import networkx as nx
except ImportError:
    nx = None
if nx is not None and out["parsed"]:
    g = nx.read_graphml(sys.argv[1])
    out["networkx"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as {
    parsed: boolean;
    error: string;
    networkx: { nodes: number; edges: number } | null;
  };
}
