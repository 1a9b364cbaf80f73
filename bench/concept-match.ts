/**
 * `npm run bench:match [-- --n 1500 --data ../shared/data]`: concept matching (`TermMatcher.match`
 * over the shipped ontology's labels and aliases) on real support text, exact only against exact
 * plus approximate, in the same process: the first `n` Chinese texts (STC3 dialogues) and the first
 * `n` English ones (gitbugs reports), each pass run twice after a warm-up, best of the two.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TermMatcher } from '../src/answer/term-matcher.js';
import { loadOntology } from '../src/graph/ontology/load.js';
import { Tokenizer } from '../src/text/index.js';

const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1500' },
    data: { type: 'string', default: path.join(ROOT, '..', 'shared', 'data') },
  },
});
const n = Number(values.n);

const ontology = (await loadOntology(path.join(ROOT, 'ontology'))).ontology;
if (!ontology) throw new Error('ontology/ is invalid: run kg ontology validate');
const tokenizer = new Tokenizer();
const matcher = (approximate: boolean) => {
  const m = new TermMatcher<string>(tokenizer, { approximate });
  for (const c of ontology.concepts)
    for (const t of [...Object.values(c.labels), ...Object.values(c.aliases).flat()])
      m.add(t, c.id);
  return m;
};

function texts(file: string): string[] {
  return fs
    .readFileSync(path.join(values.data, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, n)
    .map((l) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      return [r.subject, r.description, r.resolution]
        .filter((x): x is string => typeof x === 'string')
        .join('\n')
        .slice(0, 2000);
    });
}

const sets = { zh: texts('stc3_helpdesk.jsonl'), en: texts('gitbugs.jsonl') };
console.log(`bench:match — ${n} texts per language; node ${process.version}`);
for (const [lang, set] of Object.entries(sets)) {
  const row: string[] = [];
  for (const approximate of [false, true]) {
    const m = matcher(approximate);
    for (const t of set.slice(0, 100)) m.match(t); // warm-up
    let best = Infinity;
    let found = 0;
    for (let round = 0; round < 2; round++) {
      const t0 = performance.now();
      found = 0;
      for (const t of set) found += m.match(t).length;
      best = Math.min(best, performance.now() - t0);
    }
    row.push(
      `${approximate ? 'exact + approximate' : 'exact only'} ${best.toFixed(0)} ms, ${found} matches`,
    );
  }
  console.log(`${lang}: ${row.join('; ')}`);
}
