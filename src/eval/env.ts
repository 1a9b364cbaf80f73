import { pino } from 'pino';
import { AnswerService } from '../answer/answer-service.js';
import { loadSignals } from '../answer/signals.js';
import type { Config } from '../config.js';
import { SentenceClassifier } from '../extract/classify/classifier.js';
import { ExtractionJob } from '../extract/job.js';
import { loadValidOntology } from '../graph/bootstrap.js';
import { CypherStore } from '../graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../graph/cypher/grafeo-runner.js';
import { applyOntology } from '../graph/ontology/plan.js';
import { schemaFromOntology } from '../graph/schema.js';
import type { GraphStore } from '../graph/store.js';
import { Tokenizer } from '../text/index.js';

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
export async function openEvalEnv(config: Pick<Config, 'ontologyDir'>): Promise<EvalEnv> {
  const ontology = await loadValidOntology(config.ontologyDir);
  const store = new CypherStore(new GrafeoRunner({ dir: null }), schemaFromOntology(ontology));
  await store.migrate();
  await applyOntology(store, ontology);
  const log = pino({ level: 'silent' });
  const tokenizer = new Tokenizer();
  const answers = await AnswerService.create({
    store,
    tokenizer,
    lexicon: await loadSignals(config.ontologyDir, ontology.languages),
    log,
    // Evaluation asks every question once: caching would only cost memory.
    options: { cache: { max: 1 } },
  });
  const job = new ExtractionJob({
    store,
    answers,
    tokenizer,
    classifier: SentenceClassifier.load({ tokenizer }),
    log,
  });
  return { store, answers, job, tokenizer, close: () => store.close() };
}
