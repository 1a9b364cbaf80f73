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
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../src/graph/cypher/grafeo-runner.js';
import { parseOntology } from '../src/graph/ontology/load.js';
import type { Ontology } from '../src/graph/ontology/model.js';
import { applyOntology } from '../src/graph/ontology/plan.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import type { LinkUpsert, NodeUpsert, WriteBatch } from '../src/graph/store.js';
import { rng } from './lib.js';

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

/** A 5-level concept tree (1 → 5 → 25 → 125 → 625) so leaves are 4 IS_A hops from the root. */
function benchOntology(): Ontology {
  const lines = ['concepts:'];
  const add = (id: string, parent: string | null) =>
    lines.push(
      `  - id: ${id}`,
      `    type: Fault`,
      `    labels: { zh: 概念${id}, en: concept ${id} }`,
      `    parents: [${parent ?? ''}]`,
    );
  add('c', null);
  let level = ['c'];
  for (let depth = 1; depth <= 4; depth++) {
    const next: string[] = [];
    for (const p of level) for (let i = 0; i < 5; i++) next.push(`${p}-${i}`);
    for (const id of next) add(id, id.slice(0, id.lastIndexOf('-')));
    level = next;
  }
  const types = readFileSync(new URL('../ontology/types.yaml', import.meta.url), 'utf8');
  const r = parseOntology([{ file: 'bench.yaml', text: lines.join('\n') }], {
    file: 'types.yaml',
    text: types,
  });
  if (!r.ontology) throw new Error(JSON.stringify(r.issues.slice(0, 3)));
  return r.ontology;
}

interface Dataset {
  batches: WriteBatch[];
  nodes: number;
  edges: number;
  faults: number;
  leaves: string[];
}

function dataset(ontology: Ontology): Dataset {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const leaves = ontology.concepts.filter((c) => c.id.split('-').length === 5).map((c) => c.id);
  const n = {
    product: 5,
    component: 200 * scale,
    fault: 20_000 * scale,
    cause: 20_000 * scale,
    solution: 20_000 * scale,
    kase: 39_795 * scale,
  };
  const nodes: NodeUpsert[] = [];
  const links: LinkUpsert[] = [];
  const ref = (type: string, i: number) => ({ type, id: `${type.toLowerCase()}-${i}` });
  for (let i = 0; i < n.product; i++)
    nodes.push({ ...ref('Product', i), props: { name: `Product ${i}` } });
  for (let i = 0; i < n.component; i++) {
    nodes.push({ ...ref('Component', i), props: { name: `Component ${i}` } });
    links.push({ type: 'PART_OF', from: ref('Component', i), to: ref('Product', i % n.product) });
  }
  for (let i = 0; i < n.fault; i++) {
    nodes.push({
      ...ref('Fault', i),
      props: {
        title: `Fault ${i}`,
        phrasings: [`fault ${i}`, `故障 ${i}`],
        state: 'NOT_VALIDATED',
        confidence: 0.7,
      },
    });
    const concept = pick(leaves);
    links.push({
      type: 'INSTANCE_OF',
      from: ref('Fault', i),
      to: { type: 'Concept', id: concept },
    });
    // A second concept for most faults (a symptom and a component concept, say): ~300k edges in all.
    const other = pick(leaves);
    if (other !== concept)
      links.push({
        type: 'INSTANCE_OF',
        from: ref('Fault', i),
        to: { type: 'Concept', id: other },
      });
    links.push({ type: 'AFFECTS', from: ref('Fault', i), to: ref('Component', i % n.component) });
    links.push({ type: 'HAS_CAUSE', from: ref('Fault', i), to: ref('Cause', i) });
    links.push({ type: 'HAS_CAUSE', from: ref('Fault', i), to: ref('Cause', (i + 1) % n.cause) });
    links.push({
      type: 'RESOLVED_BY',
      from: ref('Fault', i),
      to: ref('Solution', (i + 7) % n.solution),
    });
  }
  for (let i = 0; i < n.cause; i++) {
    nodes.push({ ...ref('Cause', i), props: { text: `Cause ${i}` } });
    links.push({ type: 'RESOLVED_BY', from: ref('Cause', i), to: ref('Solution', i) });
    links.push({
      type: 'RESOLVED_BY',
      from: ref('Cause', i),
      to: ref('Solution', (i + 3) % n.solution),
    });
    links.push({
      type: 'INSTANCE_OF',
      from: ref('Cause', i),
      to: { type: 'Concept', id: pick(leaves) },
    });
  }
  for (let i = 0; i < n.solution; i++) {
    nodes.push({
      ...ref('Solution', i),
      props: { title: `Solution ${i}`, steps: ['step one', 'step two'], helpful: 0 },
    });
    links.push({
      type: 'INSTANCE_OF',
      from: ref('Solution', i),
      to: { type: 'Concept', id: pick(leaves) },
    });
  }
  for (let i = 0; i < n.kase; i++) {
    const f = Math.floor(rand() * n.fault);
    nodes.push({
      ...ref('Case', i),
      props: { subject: `ticket ${i}`, createdAt: '2026-10-01T00:00:00Z' },
    });
    links.push({ type: 'REPORTS', from: ref('Case', i), to: ref('Fault', f) });
    links.push({
      type: 'APPLIED',
      from: ref('Case', i),
      to: ref('Solution', (f + 7) % n.solution),
    });
    if (i % 2 === 0) links.push({ type: 'IDENTIFIED', from: ref('Case', i), to: ref('Cause', f) });
  }
  // Nodes first (links need both ends), in batches of `batchSize` items.
  const batches: WriteBatch[] = [];
  for (let i = 0; i < nodes.length; i += batchSize)
    batches.push({ nodes: nodes.slice(i, i + batchSize) });
  for (let i = 0; i < links.length; i += batchSize)
    batches.push({ links: links.slice(i, i + batchSize) });
  return { batches, nodes: nodes.length, edges: links.length, faults: n.fault, leaves };
}

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

async function load(
  store: CypherStore,
  data: Dataset,
): Promise<{ seconds: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const t = process.hrtime.bigint();
  let done = 0;
  for (const b of data.batches) {
    await store.apply(b);
    done += (b.nodes?.length ?? 0) + (b.links?.length ?? 0);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (process.stderr.isTTY)
      process.stderr.write(`\r  loading ${done}/${data.nodes + data.edges}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, peakRss };
}

async function main(): Promise<void> {
  const ontology = benchOntology();
  const schema = schemaFromOntology(ontology);
  const data = dataset(ontology);
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
