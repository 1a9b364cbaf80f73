import type { Logger } from 'pino';
import { AnswerService, type AnswerOptions } from './answer/answer-service.js';
import { loadSignals } from './answer/signals.js';
import { SentenceClassifier } from './extract/classify/classifier.js';
import { ExtractionJob } from './extract/job.js';
import type { ResolveOptions } from './extract/resolve.js';
import type { Ontology } from './graph/ontology/model.js';
import type { GraphStore } from './graph/store.js';
import { Tokenizer } from './text/index.js';

export interface Knowledge {
  tokenizer: Tokenizer;
  answers: AnswerService;
  job: ExtractionJob;
}

/**
 * The services over a store that has its ontology: one tokenizer (jieba is built once per
 * process), the answer service (index built from the store) and the extraction job. Used by the
 * server, the CLI, the evaluations, the benchmarks and the tests alike.
 */
export async function openKnowledge(deps: {
  store: GraphStore;
  ontology: Ontology;
  ontologyDir: string;
  log: Logger;
  clock?: () => Date;
  answer?: AnswerOptions;
  resolve?: Partial<ResolveOptions>;
}): Promise<Knowledge> {
  const { store, log, clock } = deps;
  const tokenizer = new Tokenizer();
  const answers = await AnswerService.create({
    store,
    tokenizer,
    lexicon: await loadSignals(deps.ontologyDir, deps.ontology.languages),
    clock,
    options: deps.answer,
    log,
  });
  const job = new ExtractionJob({
    store,
    answers,
    tokenizer,
    classifier: SentenceClassifier.load({ tokenizer }),
    log,
    clock,
    resolve: deps.resolve,
  });
  return { tokenizer, answers, job };
}
