import { beforeEach, describe, expect, it } from 'vitest';
import { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { Neo4jRunner } from '../src/graph/cypher/neo4j-runner.js';
import { planOntology } from '../src/graph/ontology/plan.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import type { OntologyState } from '../src/graph/store.js';
import { RecordingDriver } from './support/recording-driver.js';
import { testOntology } from './support/stores.js';

/**
 * Snapshots of the exact Cypher and parameters the Neo4j adapter sends for every store method,
 * against a recording fake session. A change to any query shows up here for review.
 */
const ontology = testOntology();
const EMPTY_STATE: OntologyState = {
  version: null,
  languages: [],
  entities: [],
  relations: [],
  concepts: [],
  instanceCounts: {},
};

/** Answers each statement with the row shape the store reads, so every code path runs. */
function respond(cypher: string, params: Record<string, unknown>): Record<string, unknown>[] {
  const n = Array.isArray(params.rows)
    ? params.rows.length
    : Array.isArray(params.ids)
      ? params.ids.length
      : 0;
  if (cypher.includes('AS merged')) return [{ merged: n }];
  if (cypher.includes('AS removed')) return [{ removed: n }];
  if (cypher.includes('AS deleted')) return [{ deleted: n }];
  if (cypher.startsWith('MATCH (m:`SchemaMigration`')) return [];
  if (cypher.includes('f {.*} AS props'))
    return [
      {
        props: { id: 'f1', title: 't' },
        concepts: ['c'],
        components: [],
        cases: ['k1'],
        causeIds: ['c1'],
        solutionIds: ['s2'],
      },
    ];
  if (cypher.includes('c {.*} AS props,\n  [(c)-[:`INSTANCE_OF`]'))
    return [{ props: { id: 'c1' }, concepts: [], cases: ['k1'], solutionIds: ['s1'] }];
  if (cypher.includes('s {.*} AS props'))
    return [
      { props: { id: 's1' }, concepts: [], cases: [] },
      { props: { id: 's2' }, concepts: [], cases: [] },
    ];
  if (cypher.includes('AS faults')) return [{ faults: ['f1'], causes: ['c1'], solutions: ['s1'] }];
  if (cypher.includes("SET x.state = 'ARCHIVED'")) return [];
  return [];
}

describe('Neo4j adapter Cypher (recording session)', () => {
  let driver: RecordingDriver;
  let store: CypherStore;

  beforeEach(() => {
    driver = new RecordingDriver();
    driver.respond = respond;
    store = new CypherStore(new Neo4jRunner(driver, 'neo4j'), schemaFromOntology(ontology), {
      now: () => new Date('2026-11-01T00:00:00Z'),
      chunkSize: 2,
    });
  });

  it('migrate', async () => {
    await store.migrate();
    expect(driver.take()).toMatchSnapshot();
  });

  it('apply: upserts, links (to-many and to-one), unlinks, deletes, chunked', async () => {
    await store.apply({
      nodes: [
        {
          type: 'Fault',
          id: 'f1',
          props: { title: 'Server down', confidence: 0.5, helpfulCount: 3 },
        },
        { type: 'Fault', id: 'f2', props: { title: 'Disk full' } },
        { type: 'Fault', id: 'f3', props: { title: "x' }) DETACH DELETE n //" } },
        { type: 'Case', id: 'k1', props: { subject: '服务器宕机' } },
      ],
      links: [
        { type: 'REPORTS', from: { type: 'Case', id: 'k1' }, to: { type: 'Fault', id: 'f1' } },
        {
          type: 'PART_OF',
          from: { type: 'Component', id: 'm1' },
          to: { type: 'Product', id: 'p1' },
          props: { since: '2026' },
        },
      ],
      unlinks: [
        { type: 'HAS_CAUSE', from: { type: 'Fault', id: 'f1' }, to: { type: 'Cause', id: 'c9' } },
      ],
      deletes: [{ type: 'Case', id: 'k0' }],
    });
    expect(driver.take()).toMatchSnapshot();
  });

  it('getNodes and scanNodes', async () => {
    await store.getNodes('Solution', ['s1', 's2']);
    await store.scanNodes('Fault', 'f1', 100);
    await store.scanNodes('Fault', null, 10);
    expect(driver.take()).toMatchSnapshot();
  });

  it('loadFaults', async () => {
    const faults = await store.loadFaults(['f1']);
    expect(faults[0]!.causes[0]!.solutions.map((s) => s.id)).toEqual(['s1']);
    expect(faults[0]!.solutions.map((s) => s.id)).toEqual(['s2']);
    expect(driver.take()).toMatchSnapshot();
  });

  it('faultSummaries and scanFaultSummaries', async () => {
    await store.faultSummaries(['f1', 'f2']);
    await store.scanFaultSummaries('f1', 500);
    expect(driver.take()).toMatchSnapshot();
  });

  it('walkConcepts (ancestors, descendants)', async () => {
    await store.walkConcepts(['power-module'], 'ancestors', 4);
    await store.walkConcepts(['server-down'], 'descendants', 2);
    expect(driver.take()).toMatchSnapshot();
  });

  it('neighbours, customerCases, recordOutcome', async () => {
    await store.neighbours('Solution', ['s1', 's2'], 'RESOLVED_BY', 'in');
    await store.neighbours('Concept', ['power-module'], 'INSTANCE_OF', 'in');
    await store.customerCases('C1', '2026-10-01T00:00:00Z');
    driver.respond = (cypher) =>
      cypher.includes('RETURN s.id AS id')
        ? [{ id: 's1' }]
        : cypher.includes('AS outcomes')
          ? [{ outcomes: ['HELPFUL'] }]
          : [{ helpful: 1, notHelpful: 1, reopened: 0 }];
    await store.recordOutcome('s1', 'NOT_HELPFUL', 'k1');
    expect(driver.take()).toMatchSnapshot();
  });

  it('metricCases, addUsage, usage', async () => {
    driver.respond = (cypher) =>
      cypher.includes('AS subject')
        ? [{ id: 'k1', createdAt: '2026-10-01T00:00:00Z', customerId: 'C1', product: null }]
        : cypher.includes('AS faultId')
          ? [{ caseId: 'k1', faultId: 'f1', mode: 'create', state: null, product: 'p1' }]
          : [];
    const cases = await store.metricCases('2026-09-01T00:00:00Z', '2026-10-31T23:59:59Z');
    expect(cases).toEqual([
      {
        id: 'k1',
        createdAt: '2026-10-01T00:00:00Z',
        customerId: 'C1',
        product: null,
        subject: null,
        reports: [{ faultId: 'f1', mode: 'create', state: null, product: 'p1' }],
      },
    ]);
    await store.addUsage([
      { day: '2026-10-01', questions: 3, answersServed: 2, helpful: 1 },
      { day: '2026-10-02', questions: 0, answersServed: 0, helpful: 0 },
    ]);
    await store.addUsage([]);
    await store.usage('2026-10-01', '2026-10-31');
    expect(driver.take()).toMatchSnapshot();
  });

  it('ping and counts', async () => {
    await store.ping();
    await store.counts();
    expect(driver.take()).toMatchSnapshot();
  });

  it('retractCase', async () => {
    await store.retractCase('k1');
    expect(driver.take()).toMatchSnapshot();
  });

  it('readOntology', async () => {
    await store.readOntology();
    expect(driver.take()).toMatchSnapshot();
  });

  it('applyOntology (first apply of the test ontology, with a reassignment)', async () => {
    const plan = planOntology(ontology, EMPTY_STATE);
    await store.applyOntology({
      ...plan.write,
      reassign: [{ from: 'old-concept', to: 'power-module' }],
      removeConcepts: ['old-concept'],
    });
    expect(driver.take()).toMatchSnapshot();
  });

  it('query text does not depend on values (only on types from the allow-list)', async () => {
    const texts = async (title: string, id: string) => {
      await store.apply({ nodes: [{ type: 'Fault', id, props: { title } }] });
      await store.loadFaults([id]);
      await store.retractCase(id);
      return driver.take().map((c) => c.cypher);
    };
    expect(await texts('plain', 'a')).toEqual(
      await texts("'}) MATCH (n) DETACH DELETE n //`", '`; DROP'),
    );
  });

  it('sends whole numbers as Neo4j integers and fractions as floats', async () => {
    await store.scanNodes('Fault', null, 5);
    const [call] = driver.take();
    expect(call!.params.limit).toMatchObject({ low: 5, high: 0 });
    await store.apply({ nodes: [{ type: 'Fault', id: 'f', props: { confidence: 0.25 } }] });
    const upsert = driver.take().find((c) => c.cypher.includes('MERGE'));
    expect((upsert!.params.rows as { props: { confidence: unknown } }[])[0]!.props.confidence).toBe(
      0.25,
    );
  });
});
