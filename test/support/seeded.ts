import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import type { AnswerService, AnswerOptions } from '../../src/answer/answer-service.js';
import { openKnowledge } from '../../src/knowledge.js';
import { loadSeed } from '../../src/graph/bootstrap.js';
import { CypherStore } from '../../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../../src/graph/cypher/grafeo-runner.js';
import type { CypherRunner } from '../../src/graph/cypher/runner.js';
import { loadOntology } from '../../src/graph/ontology/load.js';
import type { Ontology } from '../../src/graph/ontology/model.js';
import { applyOntology } from '../../src/graph/ontology/plan.js';
import { schemaFromOntology } from '../../src/graph/schema.js';
import type { Tokenizer } from '../../src/text/index.js';
import type { ExtractionJob } from '../../src/extract/job.js';
import { createServices, type Services } from '../../src/services.js';

export const ROOT_DIR = path.resolve(new URL('../..', import.meta.url).pathname);

export interface SeedQuestion {
  id: string;
  lang: 'zh' | 'en';
  question: string;
  product: string | null;
  expected: { fault: string; solution: string };
  crossLingual: boolean;
}

export function seedQuestions(): SeedQuestion[] {
  return fs
    .readFileSync(path.join(ROOT_DIR, 'seed', 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as SeedQuestion);
}

/** The GraphQL services over a seeded store (plus any extra dependencies a test needs). */
export function servicesOf(
  seeded: Seeded,
  extra: Omit<
    Parameters<typeof createServices>[0],
    'store' | 'schema' | 'ontology' | 'answers' | 'job'
  > = {},
): Services {
  return createServices({
    store: seeded.store,
    schema: schemaFromOntology(seeded.ontology),
    ontology: seeded.ontology,
    answers: seeded.answers,
    job: seeded.job,
    ...extra,
  });
}

export interface Seeded {
  ontology: Ontology;
  store: CypherStore;
  answers: AnswerService;
  tokenizer: Tokenizer;
  job: ExtractionJob;
  close(): Promise<void>;
}

/**
 * The shipped ontology and seed in an in-memory embedded store, with the answer service on it.
 * `load.runner` replaces the embedded runner (e.g. a recording wrapper around one).
 */
export async function seededAnswerService(
  options: AnswerOptions = {},
  clock: () => Date = () => new Date('2026-11-01T00:00:00Z'),
  load: { seed: boolean; runner?: CypherRunner } = { seed: true },
): Promise<Seeded> {
  const r = await loadOntology(path.join(ROOT_DIR, 'ontology'));
  if (!r.ontology) throw new Error('ontology invalid');
  const ontology = r.ontology;
  const runner = load.runner ?? new GrafeoRunner({ dir: null });
  const store = new CypherStore(runner, schemaFromOntology(ontology));
  await store.migrate();
  await applyOntology(store, ontology);
  if (load.seed) await loadSeed(store, ontology, path.join(ROOT_DIR, 'seed'));
  const { answers, job, tokenizer } = await openKnowledge({
    store,
    ontology,
    ontologyDir: path.join(ROOT_DIR, 'ontology'),
    log: pino({ level: 'silent' }),
    clock,
    answer: options,
  });
  return { ontology, store, answers, tokenizer, job, close: () => store.close() };
}
