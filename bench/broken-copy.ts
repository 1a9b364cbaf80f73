/**
 * `npx tsx bench/broken-copy.ts <in.jsonl> <out.jsonl> [--seed 7]`: a damaged copy of a file in the
 * shared evaluation schema, to check that `kg eval repeat | replay | extract` report what they
 * cannot use (line and reason) and still run on the rest. Deterministic for a seed. Damage, each on
 * its own share of rows: rows removed (so some `duplicate_of` ids point nowhere), `created_at`
 * missing or not a date, `subject` and `description` both missing, `id` missing, `duplicate_of` not
 * a list, `lang` unknown, a line that is not JSON, and a last line cut in the middle.
 * Prints what it did, by kind.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { rng } from './lib.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seed: { type: 'string', default: '7' } },
});
const [input, output] = positionals;
if (!input || !output) {
  console.error('usage: tsx bench/broken-copy.ts <in.jsonl> <out.jsonl> [--seed 7]');
  process.exit(2);
}

type Row = Record<string, unknown>;
const damages: [string, (row: Row) => Row | string | null][] = [
  ['removed', () => null],
  ['created_at missing', (r) => ({ ...r, created_at: undefined })],
  ['created_at not a date', (r) => ({ ...r, created_at: 'last tuesday' })],
  ['no subject and no description', (r) => ({ ...r, subject: null, description: undefined })],
  ['id missing', (r) => ({ ...r, id: undefined })],
  ['duplicate_of not a list', (r) => ({ ...r, duplicate_of: 'x' })],
  ['lang unknown', (r) => ({ ...r, lang: 'xx' })],
  ['not JSON', (r) => `{"id": ${JSON.stringify(r.id)}, "subject": "cut`],
];

const rand = rng(Number(values.seed));
const out = fs.createWriteStream(output);
const counts = new Map<string, number>();
let rows = 0;
let last = '';
for await (const line of readline.createInterface({ input: fs.createReadStream(input) })) {
  if (line.trim() === '') continue;
  rows += 1;
  if (last !== '') out.write(`${last}\n`);
  last = line;
  // About one row in eight is damaged, one kind each.
  if (rand() >= 0.125) continue;
  const [kind, damage] = damages[Math.floor(rand() * damages.length)]!;
  const result = damage(JSON.parse(line) as Row);
  counts.set(kind, (counts.get(kind) ?? 0) + 1);
  last = result === null ? '' : typeof result === 'string' ? result : JSON.stringify(result);
}
// The last line is cut mid-object, as by a crashed writer.
if (last !== '') {
  out.write(last.slice(0, Math.floor(last.length / 2)));
  counts.set('last line cut', 1);
}
await new Promise<void>((r) => out.end(r));
console.log(`${input} → ${output}: ${rows} rows read`);
for (const [kind, n] of counts) console.log(`  ${kind}: ${n}`);
