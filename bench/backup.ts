/**
 * `npm run bench:backup [-- --scale 1]`: `kg export` and `kg import --snapshot` on the store of
 * `bench:store` (at scale 1: 100k instance nodes, about 300k edges, a 781-concept taxonomy),
 * persisted to a temp directory.
 *
 * Measures, in one process: the load through `GraphStore.apply` (the reference: how fast the
 * service itself writes the same graph), a JSONL export, a GraphML export, a restore of the JSONL
 * snapshot into a fresh persisted store (check pass and write pass), and a second export of the
 * restored store, which must be byte-identical to the first apart from the header's time. RSS is
 * sampled during each step to show that export and restore stream (memory does not grow with the
 * graph beyond the restore's key set).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportSnapshot } from '../src/backup/export.js';
import { restoreSnapshot } from '../src/backup/restore.js';
import { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../src/graph/cypher/grafeo-runner.js';
import { applyOntology } from '../src/graph/ontology/plan.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import { benchOntology, dataset, load } from './store-data.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    batch: { type: 'string', default: '5000' },
  },
});
const scale = Number(values.scale);
const MiB = 2 ** 20;

/** Runs `fn`, sampling RSS every 50 ms; returns seconds, the result, and RSS before and at peak. */
async function measured<T>(fn: () => Promise<T>) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const t = process.hrtime.bigint();
  const result = await fn();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, seconds, before, peak };
}

function body(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

async function main(): Promise<void> {
  const ontology = benchOntology();
  const schema = schemaFromOntology(ontology);
  const data = dataset(ontology, scale, Number(values.batch));
  console.log(
    `bench:backup — ${data.nodes} instance nodes, ${data.edges} edges, ${ontology.concepts.length} concepts; ` +
      `node ${process.version}, ${os.cpus().length} cores`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-backup-'));
  try {
    const store = new CypherStore(new GrafeoRunner({ dir: path.join(dir, 'a') }), schema);
    await store.migrate();
    await applyOntology(store, ontology);
    const loaded = await load(store, data);
    const items = data.nodes + data.edges;

    const jsonl = path.join(dir, 'snapshot.jsonl');
    const exp = await measured(() =>
      exportSnapshot(store, schema, jsonl, { format: 'jsonl', pageSize: 2000 }),
    );
    const graphml = path.join(dir, 'snapshot.graphml');
    const gexp = await measured(() =>
      exportSnapshot(store, schema, graphml, { format: 'graphml', pageSize: 2000 }),
    );
    const original = await store.counts();
    await store.close();

    const target = new CypherStore(new GrafeoRunner({ dir: path.join(dir, 'b') }), schema);
    await target.migrate();
    let checkSeconds = 0;
    const started = process.hrtime.bigint();
    const res = await measured(() =>
      restoreSnapshot(target, schema, jsonl, {
        onProgress: (p) => {
          if (p.phase === 'check' && p.total > 0)
            checkSeconds = Number(process.hrtime.bigint() - started) / 1e9;
        },
      }),
    );
    const again = path.join(dir, 'again.jsonl');
    await exportSnapshot(target, schema, again, { format: 'jsonl' });
    const restored = await target.counts();
    await target.close();
    const identical = body(jsonl) === body(again);
    const countsEqual = JSON.stringify(restored) === JSON.stringify(original);

    const total = exp.result.nodes + exp.result.edges;
    const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;
    const rss = (m: { before: number; peak: number }) =>
      `${(m.before / MiB).toFixed(0)} → ${(m.peak / MiB).toFixed(0)} MiB`;
    console.log('');
    console.log(
      `graph exported: ${exp.result.nodes} nodes + ${exp.result.edges} edges = ${total} items (all tiers and bookkeeping)`,
    );
    console.log(
      'step                               seconds   items/s     size        RSS before → peak',
    );
    const row = (name: string, s: number, n: number, size: string, mem: string) =>
      console.log(
        `${name.padEnd(34)} ${s.toFixed(1).padStart(7)}   ${rate(n, s).padEnd(11)} ${size.padEnd(11)} ${mem}`,
      );
    row(
      'reference: load via apply (MERGE)',
      loaded.seconds,
      items,
      '',
      `peak ${(loaded.peakRss / MiB).toFixed(0)} MiB`,
    );
    row('export JSONL', exp.seconds, total, `${(exp.result.bytes / MiB).toFixed(1)} MiB`, rss(exp));
    row(
      'export GraphML',
      gexp.seconds,
      total,
      `${(gexp.result.bytes / MiB).toFixed(1)} MiB`,
      rss(gexp),
    );
    row('restore: check pass', checkSeconds, total + 1, '', '');
    row('restore: total (check + write)', res.seconds, total, '', rss(res));
    console.log('');
    console.log(
      `ratios to the reference load (items/s): export JSONL ${(loaded.seconds / exp.seconds).toFixed(2)}×, ` +
        `export GraphML ${(loaded.seconds / gexp.seconds).toFixed(2)}×, restore ${(loaded.seconds / res.seconds).toFixed(2)}×`,
    );
    console.log(
      `round trip: second export byte-identical apart from the time: ${identical ? 'yes' : 'NO'}; counts equal: ${countsEqual ? 'yes' : 'NO'}`,
    );
    if (!identical || !countsEqual) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
