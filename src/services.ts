import { graphStats, type GraphStats } from './graph/bootstrap.js';
import type { Ontology } from './graph/ontology/model.js';
import type { GraphSchema } from './graph/schema.js';
import type { GraphStore, OntologyState } from './graph/store.js';

/**
 * The services resolvers call. Thin today (health, stats, ontology); the answer, curation and
 * ingest services join here.
 */
export interface Services {
  store: GraphStore;
  schema: GraphSchema;
  ontology: Ontology;
  health(): Promise<{ ok: boolean; store: string }>;
  stats(): Promise<GraphStats>;
  ontologyState(): Promise<OntologyState>;
}

export function createServices(
  store: GraphStore,
  schema: GraphSchema,
  ontology: Ontology,
): Services {
  return {
    store,
    schema,
    ontology,
    async health() {
      await store.ping();
      return { ok: true, store: store.kind };
    },
    stats: () => graphStats(store, schema),
    ontologyState: () => store.readOntology(),
  };
}
