import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../src/graph/cypher/grafeo-runner.js';
import { loadOntology } from '../src/graph/ontology/load.js';
import type { Ontology } from '../src/graph/ontology/model.js';
import { applyOntology } from '../src/graph/ontology/plan.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import { loadSeed } from '../src/graph/bootstrap.js';
import {
  parseKnowledge,
  parseTickets,
  readSeed,
  seedBatch,
  type Seed,
} from '../src/seed/load-seed.js';
import { ROOT } from './support/cli.js';

let ontology: Ontology;
let seed: Seed;

beforeAll(async () => {
  const r = await loadOntology(path.join(ROOT, 'ontology'));
  expect(r.issues).toEqual([]);
  ontology = r.ontology!;
  seed = await readSeed(path.join(ROOT, 'seed'));
});

describe('shipped ontology and seed', () => {
  it('has ≥ 40 concepts over ≥ 3 products, with the server-down chain', () => {
    expect(ontology.concepts.length).toBeGreaterThanOrEqual(40);
    expect(ontology.concepts.filter((c) => c.type === 'Product').length).toBeGreaterThanOrEqual(3);
    const byId = new Map(ontology.concepts.map((c) => [c.id, c]));
    expect(byId.get('power-module')).toMatchObject({
      labels: { zh: '电源模块', en: 'power module' },
      parents: ['hardware-fault'],
    });
    expect(byId.get('hardware-fault')).toMatchObject({
      labels: { zh: '硬件故障' },
      parents: ['server-down'],
    });
    expect(byId.get('server-down')).toMatchObject({
      labels: { zh: '服务器宕机', en: 'server down' },
    });
  });

  it('has ≥ 80 resolved tickets in zh and en over ≥ 3 products and ≥ 25 faults, several per fault', () => {
    const { tickets, knowledge } = seed;
    expect(tickets.length).toBeGreaterThanOrEqual(80);
    expect(new Set(tickets.map((t) => t.lang))).toEqual(new Set(['zh', 'en']));
    expect(new Set(tickets.map((t) => t.product)).size).toBeGreaterThanOrEqual(3);
    expect(knowledge.faults.length).toBeGreaterThanOrEqual(25);
    const perFault = new Map<string, number>();
    for (const t of tickets) perFault.set(t.gold.fault, (perFault.get(t.gold.fault) ?? 0) + 1);
    for (const f of knowledge.faults)
      expect(perFault.get(f.id) ?? 0, f.id).toBeGreaterThanOrEqual(2);
    expect(tickets.filter((t) => t.cause).length).toBeGreaterThan(10);
  });

  it('has expected answers for new questions in both languages, including cross-lingual ones', () => {
    const lines = fs
      .readFileSync(path.join(ROOT, 'seed', 'questions.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const questions = lines.map(
      (l) =>
        JSON.parse(l) as {
          lang: string;
          crossLingual: boolean;
          expected: { fault: string; solution: string };
        },
    );
    const faults = new Set(seed.knowledge.faults.map((f) => f.id));
    const solutions = new Set(seed.knowledge.solutions.map((s) => s.id));
    for (const q of questions) {
      expect(faults.has(q.expected.fault)).toBe(true);
      expect(solutions.has(q.expected.solution)).toBe(true);
    }
    expect(questions.filter((q) => q.lang === 'zh').length).toBeGreaterThanOrEqual(15);
    expect(questions.filter((q) => q.lang === 'en').length).toBeGreaterThanOrEqual(15);
    expect(questions.filter((q) => q.crossLingual).length).toBeGreaterThanOrEqual(4);
  });
});

describe('seed parsing errors name the file and line', () => {
  it('points at the bad JSONL line', () => {
    expect(() => parseTickets('t.jsonl', '{"id":"T1"}\n{oops\n')).toThrow(
      /^t\.jsonl:1: created_at/,
    );
    expect(() => parseTickets('t.jsonl', '\n{oops\n')).toThrow(/^t\.jsonl:2: invalid JSON/);
  });

  it('points at the bad YAML node', () => {
    const text =
      'products: []\ncomponents: []\nfaults:\n  - id: f1\n    product: p\n    title: 5\n    concepts: [x]\ncauses: []\nsolutions: []\n';
    expect(() => parseKnowledge('k.yaml', text)).toThrow(/^k\.yaml:6:12: faults\.0\.title/);
  });

  it('refuses references to unknown instances or concepts', () => {
    const broken: Seed = {
      ...seed,
      tickets: [{ ...seed.tickets[0]!, gold: { ...seed.tickets[0]!.gold, fault: 'flt-nope' } }],
    };
    expect(() =>
      seedBatch(broken, ontology.languages, new Set(ontology.concepts.map((c) => c.id))),
    ).toThrow(/ticket .*: unknown Fault 'flt-nope'/);
    expect(() => seedBatch(seed, ontology.languages, new Set())).toThrow(/unknown concept/);
  });
});

describe('seed in the embedded store: three tiers, every instance linked', () => {
  let store: CypherStore;
  beforeAll(async () => {
    store = new CypherStore(new GrafeoRunner({ dir: null }), schemaFromOntology(ontology));
    await store.migrate();
    await applyOntology(store, ontology);
    await loadSeed(store, ontology, path.join(ROOT, 'seed'));
  });
  afterAll(async () => {
    await store.close();
  });

  it('links every fault, cause and solution to ≥ 1 concept and ≥ 1 supporting case', async () => {
    const faults = await store.loadFaults(seed.knowledge.faults.map((f) => f.id));
    expect(faults).toHaveLength(seed.knowledge.faults.length);
    const causes = faults.flatMap((f) => f.causes);
    const solutions = [
      ...faults.flatMap((f) => f.solutions),
      ...causes.flatMap((c) => c.solutions),
    ];
    for (const x of [...faults, ...causes, ...solutions]) {
      expect(x.concepts.length, `${x.type} ${x.id} concepts`).toBeGreaterThan(0);
    }
    for (const f of faults) expect(f.cases.length, f.id).toBeGreaterThanOrEqual(2);
    const withEvidence = new Set(solutions.filter((s) => s.cases.length > 0).map((s) => s.id));
    expect(withEvidence.size).toBe(new Set(seed.tickets.map((t) => t.gold.solution)).size);
    const allSolutions = new Set(solutions.map((s) => s.id));
    expect(seed.knowledge.solutions.filter((s) => !allSolutions.has(s.id))).toEqual([]);
  });

  it('stores localized text per language and keeps raw ticket text out of the graph', async () => {
    const [f] = await store.loadFaults(['flt-server-down-psu']);
    expect(f!.props.title_zh).toEqual(expect.any(String));
    expect(f!.props.title_en).toEqual(expect.any(String));
    const [k] = await store.getNodes('Case', [seed.tickets[0]!.id]);
    expect(Object.keys(k!.props)).not.toContain('description');
    expect(Object.keys(k!.props)).not.toContain('resolution');
  });

  it('is idempotent: loading the seed again changes no counts', async () => {
    const before = await store.counts();
    await loadSeed(store, ontology, path.join(ROOT, 'seed'));
    expect(await store.counts()).toEqual(before);
  });
});
