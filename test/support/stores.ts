import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config.js';
import { CypherStore } from '../../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../../src/graph/cypher/grafeo-runner.js';
import { Neo4jRunner, openNeo4jDriver } from '../../src/graph/cypher/neo4j-runner.js';
import type { CypherRunner } from '../../src/graph/cypher/runner.js';
import { parseOntology } from '../../src/graph/ontology/load.js';
import type { Ontology } from '../../src/graph/ontology/model.js';
import { schemaFromOntology } from '../../src/graph/schema.js';
import type { OntologyState } from '../../src/graph/store.js';

/** The shipped types.yaml with a small concept file written for the tests. */
export const TEST_CONCEPTS = `
concepts:
  - id: server-down
    type: Fault
    labels: { zh: 服务器宕机, en: server down }
    aliases: { zh: [服务器挂了], en: [server crashed] }
    parents: []
  - id: hardware-fault
    type: Fault
    labels: { zh: 硬件故障, en: hardware fault }
    aliases: { zh: [硬件坏了], en: [hardware failure] }
    parents: [server-down]
  - id: power-module
    type: Fault
    labels: { zh: 电源模块, en: power module }
    aliases: { zh: [电源坏了], en: [PSU failure] }
    parents: [hardware-fault]
  - id: disk-fault
    type: Fault
    labels: { zh: 硬盘故障, en: disk fault }
    aliases: { zh: [], en: [] }
    parents: [hardware-fault]
  - id: cause-aging
    type: Cause
    labels: { zh: 老化, en: aging }
    aliases: { zh: [], en: [] }
    parents: []
  - id: sol-replace
    type: Solution
    labels: { zh: 更换部件, en: replace part }
    aliases: { zh: [], en: [] }
    parents: []
  - id: cloud-server
    type: Product
    labels: { zh: 云服务器, en: cloud server }
    aliases: { zh: [], en: [] }
    parents: []
`;

export function testOntology(concepts = TEST_CONCEPTS): Ontology {
  const types = readFileSync(new URL('../../ontology/types.yaml', import.meta.url), 'utf8');
  const r = parseOntology([{ file: 'test-concepts.yaml', text: concepts }], {
    file: 'types.yaml',
    text: types,
  });
  if (!r.ontology)
    throw new Error(r.issues.map((i) => `${i.file}:${i.line}: ${i.message}`).join('\n'));
  return r.ontology;
}

/** The ontology state of a graph nothing was applied to. */
export const EMPTY_STATE: OntologyState = {
  version: null,
  languages: [],
  entities: [],
  relations: [],
  concepts: [],
  instanceCounts: {},
};

export interface StoreTarget {
  name: string;
  enabled: boolean;
  runner(): Promise<CypherRunner>;
}

const neo4jConfig = loadConfig().neo4j;

/**
 * Every store the contract suite runs against: embedded Grafeo (in memory) always; Neo4j when
 * NEO4J_URI is set. The Neo4j database must be a throwaway one: each test empties it.
 */
export const STORE_TARGETS: StoreTarget[] = [
  {
    name: 'embedded',
    enabled: true,
    runner: () => Promise.resolve(new GrafeoRunner({ dir: null })),
  },
  {
    name: '[neo4j]',
    enabled: neo4jConfig.uri !== null,
    runner: async () => {
      const { uri, user, password, database } = neo4jConfig;
      const runner = new Neo4jRunner(
        openNeo4jDriver({ uri: uri!, user, password, database }),
        database,
      );
      await runner.write((tx) => tx.run('MATCH (n) DETACH DELETE n'));
      return runner;
    },
  },
];

export async function openTestStore(
  target: StoreTarget,
  ontology = testOntology(),
): Promise<CypherStore> {
  const store = new CypherStore(await target.runner(), schemaFromOntology(ontology), {
    now: () => new Date('2026-11-01T00:00:00Z'),
  });
  await store.migrate();
  return store;
}
