import { pino } from 'pino';
import type { Config } from '../config.js';
import { loadValidOntology } from '../graph/bootstrap.js';
import { CypherStore } from '../graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../graph/cypher/grafeo-runner.js';
import { applyOntology } from '../graph/ontology/plan.js';
import { schemaFromOntology } from '../graph/schema.js';
import type { GraphStore } from '../graph/store.js';
import type { Tokenizer } from '../text/index.js';
import { openKnowledge } from '../knowledge.js';
import type { AnswerService } from '../answer/answer-service.js';
import type { ExtractionJob } from '../extract/job.js';

export interface EvalEnv {
  store: GraphStore;
  answers: AnswerService;
  job: ExtractionJob;
  tokenizer: Tokenizer;
  close(): Promise<void>;
}

/**
 * A fresh in-memory embedded store with the ontology and nothing else, and the real answer
 * service and extraction job over it: evaluations never touch the service's own data.
 */
export async function openEvalEnv(
  config: Pick<Config, 'ontologyDir'> & { import?: Pick<Config['import'], 'mergeThreshold'> },
): Promise<EvalEnv> {
  const ontology = await loadValidOntology(config.ontologyDir);
  const store = new CypherStore(new GrafeoRunner({ dir: null }), schemaFromOntology(ontology));
  await store.migrate();
  await applyOntology(store, ontology);
  const { answers, job, tokenizer } = await openKnowledge({
    store,
    ontology,
    ontologyDir: config.ontologyDir,
    log: pino({ level: 'silent' }),
    // Evaluation asks every question once: caching would only cost memory.
    answer: { cache: { max: 1 } },
    // Tickets merge as the service would merge them (`KG_MERGE_THRESHOLD`).
    ...(config.import ? { resolve: { faultThreshold: config.import.mergeThreshold } } : {}),
  });
  return { store, answers, job, tokenizer, close: () => store.close() };
}
