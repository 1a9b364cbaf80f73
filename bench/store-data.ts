/**
 * The synthetic graph of `bench:store` (and `bench:backup`): a five-level concept taxonomy and, at
 * scale 1, 100,000 instance nodes with about 300,000 edges, built deterministically.
 */
import { readFileSync } from 'node:fs';
import type { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { parseOntology } from '../src/graph/ontology/load.js';
import type { Ontology } from '../src/graph/ontology/model.js';
import type { LinkUpsert, NodeUpsert, WriteBatch } from '../src/graph/store.js';
import { rng } from './lib.js';

/** A 5-level concept tree (1 → 5 → 25 → 125 → 625) so leaves are 4 IS_A hops from the root. */
export function benchOntology(): Ontology {
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

export interface Dataset {
  batches: WriteBatch[];
  nodes: number;
  edges: number;
  faults: number;
  leaves: string[];
}

export function dataset(ontology: Ontology, scale: number, batchSize: number): Dataset {
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

/** Writes the dataset through `GraphStore.apply`, batch by batch; returns seconds and peak RSS. */
export async function load(
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
