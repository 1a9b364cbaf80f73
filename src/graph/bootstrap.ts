import type { Logger } from 'pino';
import { BadInputError } from '../errors.js';
import { readSeed, seedBatch } from '../seed/load-seed.js';
import { formatIssues } from './ontology/format.js';
import { loadOntology } from './ontology/load.js';
import type { Ontology } from './ontology/model.js';
import { applyOntology } from './ontology/plan.js';
import { SYSTEM_LABELS, tierOf, type GraphSchema } from './schema.js';
import type { GraphStore, Tier } from './store.js';

/** Loads and validates the ontology files; throws BadInputError listing `file:line:col: reason`. */
export async function loadValidOntology(dir: string): Promise<Ontology> {
  const result = await loadOntology(dir);
  if (!result.ontology) {
    throw new BadInputError(
      `the ontology in ${dir} has ${result.issues.length} error(s):\n${formatIssues(result.issues)}`,
      { issues: result.issues.length },
    );
  }
  return result.ontology;
}

export interface SeedReport {
  nodes: number;
  links: number;
  cases: number;
}

/** Writes the seed's instance tier (idempotent: upserts and merges). */
export async function loadSeed(
  store: GraphStore,
  ontology: Ontology,
  seedDir: string,
): Promise<SeedReport> {
  const seed = await readSeed(seedDir);
  const batch = seedBatch(seed, ontology.languages, new Set(ontology.concepts.map((c) => c.id)));
  await store.apply(batch);
  return {
    nodes: batch.nodes?.length ?? 0,
    links: batch.links?.length ?? 0,
    cases: seed.tickets.length,
  };
}

/**
 * First start: an empty graph gets the ontology applied and, unless disabled, the seed loaded.
 * A graph that already has an ontology is left as it is (changing it is `kg ontology apply`).
 */
export async function bootstrap(
  store: GraphStore,
  ontology: Ontology,
  options: { seedDir: string; seed: boolean; log: Logger },
): Promise<{ ontologyApplied: boolean; seeded: SeedReport | null }> {
  const state = await store.readOntology();
  if (state.version !== null) {
    if (state.version !== ontology.version) {
      options.log.warn(
        { graph: state.version, files: ontology.version },
        'the ontology files differ from the graph; run `kg ontology plan` and `kg ontology apply`',
      );
    }
    return { ontologyApplied: false, seeded: null };
  }
  await applyOntology(store, ontology);
  options.log.info(
    { version: ontology.version, concepts: ontology.concepts.length },
    'ontology applied',
  );
  if (!options.seed) return { ontologyApplied: true, seeded: null };
  const seeded = await loadSeed(store, ontology, options.seedDir);
  options.log.info(seeded, 'seed loaded');
  return { ontologyApplied: true, seeded };
}

export interface GraphStats {
  /** Node counts per tier, then per label. */
  tiers: Record<Tier, Record<string, number>>;
  /** Node count per label. */
  nodes: Record<string, number>;
  /** Edge count per relation type. */
  edges: Record<string, number>;
}

export async function graphStats(store: GraphStore, schema: GraphSchema): Promise<GraphStats> {
  const counts = await store.counts();
  const tiers: GraphStats['tiers'] = { ontology: {}, concept: {}, instance: {}, system: {} };
  // Every declared type is listed, with 0 when it has no nodes yet.
  for (const t of schema.entityTypes) tiers.instance[t] = 0;
  tiers.concept[SYSTEM_LABELS.concept] = 0;
  for (const [label, n] of Object.entries(counts.nodes)) tiers[tierOf(label, schema)][label] = n;
  return { tiers, nodes: counts.nodes, edges: counts.edges };
}
