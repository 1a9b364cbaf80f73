import type { PropValue, Props, SnapshotEdge, SnapshotNode } from '../graph/store.js';

/**
 * GraphML for graph tools (yEd, Gephi, networkx `read_graphml`): one `<node>` per node with id
 * `Label:key`, one directed `<edge>` per edge, every property as `<data>` under a declared `<key>`.
 *
 * The label, key and relationship type go in `kg.label`, `kg.key` and `kg.type` (property names
 * cannot contain a dot, so these never collide with a property). GraphML has no list type: lists
 * are written as JSON text. A property's `attr.type` is `long` when every value seen is an
 * integer, `double` when every value is a number, `boolean` when every value is one, and `string`
 * otherwise; values are always written as text that parses as the declared type.
 *
 * The JSONL snapshot is the exact backup; GraphML is for looking at the graph. It is lossy in one
 * way: characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF)
 * become U+FFFD.
 */
type AttrType = 'long' | 'double' | 'boolean' | 'string';
type Domain = 'node' | 'edge';

interface Key {
  id: string;
  domain: Domain;
  name: string;
  type: AttrType;
}

/** Characters XML 1.0 allows (with the `u` flag a lone surrogate matches none of them). */
// eslint-disable-next-line no-control-regex -- the allowed control characters are the point
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes text for XML content and attribute values (line breaks and tabs as references, so
 * attribute values keep them too). */
export function xmlEscape(s: string): string {
  return s.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]!);
}

function kindOf(v: PropValue): AttrType {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'double';
  return 'string';
}

function widen(a: AttrType, b: AttrType): AttrType {
  if (a === b) return a;
  if ((a === 'long' && b === 'double') || (a === 'double' && b === 'long')) return 'double';
  return 'string';
}

function text(v: PropValue): string {
  if (Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

/** Collects the keys while elements are written, so the declarations can be put in front. */
export class GraphmlWriter {
  private readonly keys = new Map<string, Key>();

  constructor() {
    this.key('node', 'kg.label', 'string');
    this.key('node', 'kg.key', 'string');
    this.key('edge', 'kg.type', 'string');
  }

  private key(domain: Domain, name: string, type: AttrType): Key {
    const k = `${domain}\u0000${name}`;
    let key = this.keys.get(k);
    if (!key) {
      key = { id: `${domain === 'node' ? 'n' : 'e'}${this.keys.size}`, domain, name, type };
      this.keys.set(k, key);
    } else {
      key.type = widen(key.type, type);
    }
    return key;
  }

  private data(domain: Domain, props: Props): string {
    return Object.keys(props)
      .sort()
      .map((name) => {
        const v = props[name]!;
        const key = this.key(domain, name, kindOf(v));
        return `<data key="${key.id}">${xmlEscape(text(v))}</data>`;
      })
      .join('');
  }

  node(n: SnapshotNode): string {
    const fixed =
      `<data key="${this.key('node', 'kg.label', 'string').id}">${xmlEscape(n.label)}</data>` +
      `<data key="${this.key('node', 'kg.key', 'string').id}">${xmlEscape(n.key)}</data>`;
    return `    <node id="${nodeId(n.label, n.key)}">${fixed}${this.data('node', n.props)}</node>\n`;
  }

  edge(e: SnapshotEdge): string {
    const fixed = `<data key="${this.key('edge', 'kg.type', 'string').id}">${xmlEscape(e.type)}</data>`;
    return (
      `    <edge source="${nodeId(e.from.label, e.from.key)}" target="${nodeId(e.to.label, e.to.key)}">` +
      `${fixed}${this.data('edge', e.props)}</edge>\n`
    );
  }

  /** The document up to and including `<graph>`, with every key seen so far declared. */
  head(meta: { createdAt: string; ontologyVersion: string | null }): string {
    const keys = [...this.keys.values()].map(
      (k) =>
        `  <key id="${k.id}" for="${k.domain}" attr.name="${xmlEscape(k.name)}" attr.type="${k.type}"/>\n`,
    );
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n' +
      '  <key id="g0" for="graph" attr.name="kg.createdAt" attr.type="string"/>\n' +
      '  <key id="g1" for="graph" attr.name="kg.ontologyVersion" attr.type="string"/>\n' +
      keys.join('') +
      '  <graph id="supportgraph" edgedefault="directed">\n' +
      `    <data key="g0">${xmlEscape(meta.createdAt)}</data>\n` +
      `    <data key="g1">${xmlEscape(meta.ontologyVersion ?? '')}</data>\n`
    );
  }

  tail(): string {
    return '  </graph>\n</graphml>\n';
  }
}

function nodeId(label: string, key: string): string {
  return xmlEscape(`${label}:${key}`);
}
