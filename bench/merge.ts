/**
 * `npm run bench:merge -- <file.jsonl>... [--thresholds 0.5,0.45,0.4,0.35]`: how well entity
 * resolution merges tickets of the same fault, at several merge thresholds (`KG_MERGE_THRESHOLD`).
 *
 * For each threshold, every ticket of the files is imported through the real import path into a
 * fresh store. Two tickets are *merged* when they report the same extracted fault. Labels come
 * from the files (schema of `../shared/data/README.md`): tickets in one connected component of
 * `duplicate_of` ask the same thing; `meta.not_duplicate_of` names labelled near misses (similar
 * wording, different question). Printed per threshold:
 * - merges and faults;
 * - recall on labelled duplicates: pairs of one component that ended in one fault, of all such
 *   pairs;
 * - labelled near misses merged: pairs labelled not-duplicate that ended in one fault, of all
 *   such pairs;
 * - precision on labelled pairs: duplicates merged / (duplicates merged + near misses merged);
 * - merged pairs without a label (neither kind): their quality is unknown.
 *
 * Labels are incomplete (two same-intent questions from different pairs are not linked), so the
 * recall is a lower bound and the unlabelled merged pairs are neither right nor wrong here.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openEvalEnv } from '../src/eval/env.js';
import { splitByClusters, type SplitInput } from '../src/eval/repeat.js';
import type { ReadItem } from '../src/extract/read/ticket.js';
import { readTickets } from '../src/extract/read/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { thresholds: { type: 'string', default: '0.5,0.45,0.4,0.35' } },
});
if (positionals.length === 0) {
  console.error('usage: npm run bench:merge -- <file.jsonl>... [--thresholds 0.5,0.4]');
  process.exit(2);
}
const thresholds = values.thresholds.split(',').map((x) => {
  const t = Number(x);
  if (x.trim() === '' || !Number.isFinite(t) || t < 0 || t > 1) {
    console.error(`--thresholds: "${x}" is not a number between 0 and 1`);
    process.exit(2);
  }
  return t;
});

const items: ReadItem[] = [];
const rows: SplitInput[] = [];
for (const file of positionals) {
  for await (const item of readTickets(file)) {
    if (item.kind !== 'ticket') continue;
    rows.push({ source: file, line: item.line, order: rows.length, ticket: item.ticket });
    items.push({ kind: 'ticket', line: rows.length, ticket: item.ticket });
  }
}
const { clusterOf } = splitByClusters(rows);
const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const ids = new Set(rows.map((r) => r.ticket.id));
const nearMisses = new Set<string>();
for (const r of rows) {
  const not = r.ticket.meta.not_duplicate_of;
  // Only pairs whose both tickets are in the files can end in one fault.
  if (Array.isArray(not))
    for (const o of not)
      if (typeof o === 'string' && ids.has(o)) nearMisses.add(pairKey(r.ticket.id, o));
}
const clusterSizes = new Map<number, number>();
for (const c of clusterOf.values()) clusterSizes.set(c, (clusterSizes.get(c) ?? 0) + 1);
let duplicatePairs = 0;
for (const n of clusterSizes.values()) duplicatePairs += (n * (n - 1)) / 2;

console.log(
  `bench:merge — ${rows.length} tickets from ${positionals.join(', ')}: ${duplicatePairs} labelled duplicate pairs, ${nearMisses.size} labelled near misses`,
);
console.log(
  'threshold  merged  faults  duplicates merged (recall)  near misses merged  precision on labelled  unlabelled merged pairs',
);
const pct = (x: number, n: number) => (n > 0 ? `${((100 * x) / n).toFixed(1)} %` : '—');
for (const threshold of thresholds) {
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), import: { mergeThreshold: threshold } };
  const env = await openEvalEnv(config);
  try {
    const summary = await env.job.run(items, {
      source: 'bench-merge',
      batchSize: 500,
      resume: false,
    });
    const links = await env.store.neighbours(
      'Case',
      rows.map((r) => r.ticket.id),
      'REPORTS',
      'out',
    );
    const byFault = new Map<string, string[]>();
    for (const l of links) byFault.set(l.other.id, [...(byFault.get(l.other.id) ?? []), l.id]);
    let dup = 0;
    let near = 0;
    let unlabelled = 0;
    for (const cases of byFault.values()) {
      for (let i = 0; i < cases.length; i++) {
        for (let j = i + 1; j < cases.length; j++) {
          const a = cases[i]!;
          const b = cases[j]!;
          const ca = clusterOf.get(a);
          if (ca !== undefined && ca === clusterOf.get(b)) dup++;
          else if (nearMisses.has(pairKey(a, b))) near++;
          else unlabelled++;
        }
      }
    }
    console.log(
      [
        threshold.toFixed(2).padStart(9),
        String(summary.merged).padStart(7),
        String(byFault.size).padStart(7),
        `${dup} (${pct(dup, duplicatePairs)})`.padStart(27),
        `${near} (${pct(near, nearMisses.size)})`.padStart(19),
        pct(dup, dup + near).padStart(22),
        String(unlabelled).padStart(24),
      ].join('  '),
    );
  } finally {
    await env.close();
  }
}
