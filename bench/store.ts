/**
 * `npm run bench:store [-- --scale 1]`: the embedded store at 100k instances and 300k edges.
 *
 * Prints upsert throughput (items/s, items = nodes + edges), p50/p99 of loading a fault with its
 * causes and solutions, and of a 4-level concept walk. Each figure has a reference measured in the
 * same process (an in-memory store for throughput, `RETURN 1` through the same runner for latency),
 * because the machines are shared and noisy: compare ratios across runs, not absolute numbers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../src/graph/cypher/grafeo-runner.js';
import { applyOntology } from '../src/graph/ontology/plan.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import { rng } from './lib.js';
import { benchOntology, dataset, load } from './store-data.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    samples: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '5000' },
  },
});
const scale = Number(values.scale);
const samples = Number(values.samples);
const batchSize = Number(values.batch);

/** Bytes under a path (the database file plus its WAL). */
function du(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((a, f) => a + du(path.join(p, f)), 0);
}

async function timeIt(fn: () => Promise<unknown>, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(3)} ms`;

async function main(): Promise<void> {
  const ontology = benchOntology();
  const schema = schemaFromOntology(ontology);
  const data = dataset(ontology, scale, batchSize);
  const items = data.nodes + data.edges;
  console.log(
    `bench:store — ${data.nodes} instance nodes, ${data.edges} edges, ${ontology.concepts.length} concepts`,
  );
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);

  // Reference: the same load into an in-memory Grafeo database (no WAL, no file).
  const mem = new CypherStore(new GrafeoRunner({ dir: null }), schema);
  await mem.migrate();
  await applyOntology(mem, ontology);
  const memLoad = await load(mem, data);
  await mem.close();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-store-'));
  const store = new CypherStore(new GrafeoRunner({ dir }), schema);
  await store.migrate();
  await applyOntology(store, ontology);
  const diskLoad = await load(store, data);
  const counts = await store.counts();
  const instanceNodes = ['Product', 'Component', 'Fault', 'Cause', 'Solution', 'Case'].reduce(
    (a, t) => a + (counts.nodes[t] ?? 0),
    0,
  );

  const rand = rng(7);
  const runner = (store as unknown as { runner: GrafeoRunner }).runner;
  const ref = await timeIt(() => runner.read((tx) => tx.run('RETURN 1 AS one')), samples);
  const fault = await timeIt(
    () => store.loadFaults([`fault-${Math.floor(rand() * data.faults)}`]),
    samples,
  );
  const fault20 = await timeIt(
    () =>
      store.loadFaults(
        Array.from({ length: 20 }, () => `fault-${Math.floor(rand() * data.faults)}`),
      ),
    Math.max(50, samples / 10),
  );
  const up = await timeIt(
    () =>
      store.walkConcepts([data.leaves[Math.floor(rand() * data.leaves.length)]!], 'ancestors', 4),
    samples,
  );
  const down = await timeIt(
    () => store.walkConcepts(['c'], 'descendants', 4),
    Math.max(50, samples / 10),
  );
  await store.close();
  const fileBytes = du(dir);
  fs.rmSync(dir, { recursive: true, force: true });

  const rate = (s: number) => Math.round(items / s);
  console.log(
    `graph: ${instanceNodes} instance nodes, ${Object.values(counts.edges).reduce((a, b) => a + b, 0)} edges in the store`,
  );
  console.log('');
  console.log(
    `upsert throughput, persisted (WAL + file): ${rate(diskLoad.seconds)} items/s (${diskLoad.seconds.toFixed(1)} s)`,
  );
  console.log(
    `upsert throughput, in-memory reference:    ${rate(memLoad.seconds)} items/s (${memLoad.seconds.toFixed(1)} s)`,
  );
  console.log(`  ratio persisted / in-memory: ${(memLoad.seconds / diskLoad.seconds).toFixed(2)}`);
  console.log(
    `  peak RSS during persisted load: ${(diskLoad.peakRss / 2 ** 20).toFixed(0)} MiB; database files ${(fileBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log('');
  console.log(`latency (n=${samples})                  p50          p99          p50 / RETURN 1`);
  const row = (name: string, xs: number[]) =>
    console.log(
      `${name.padEnd(36)} ${ms(pct(xs, 50)).padEnd(12)} ${ms(pct(xs, 99)).padEnd(12)} ${(pct(xs, 50) / pct(ref, 50)).toFixed(1)}×`,
    );
  row('reference: RETURN 1', ref);
  row('fault → causes → solutions (1 fault)', fault);
  row('same, 20 faults per call', fault20);
  row('concept walk up, 4 levels', up);
  row('concept walk down, 4 levels (780)', down);
}

await main();
