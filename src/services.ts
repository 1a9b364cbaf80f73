import type { Answer, AnswerInput, AnswerService, AnswerSource } from './answer/answer-service.js';
import { CurationService, type ReviewDecision, type ReviewItem } from './extract/curation.js';
import { revertChangeset, type ExtractionJob, type ImportSummary } from './extract/job.js';
import { parseFieldMap, readTicketsFromString } from './extract/read/index.js';
import type { ReadItem } from './extract/read/ticket.js';
import { BadInputError, NotFoundError } from './errors.js';
import { graphStats, type GraphStats } from './graph/bootstrap.js';
import type { Ontology } from './graph/ontology/model.js';
import type { GraphSchema } from './graph/schema.js';
import type { Metrics } from './metrics/compute.js';
import { MetricsService, type MetricsRequest } from './metrics/service.js';
import type { UsageRecorder } from './metrics/usage.js';
import { Tokenizer } from './text/index.js';
import type {
  ChangesetRecord,
  GraphStore,
  NodeRecord,
  NodeRef,
  OntologyState,
  Outcome,
} from './graph/store.js';
import { preview } from './text/hygiene.js';

/** What `ingestTickets` returns: the import summary and the records it could not read. */
export interface IngestResult extends ImportSummary {
  quarantine: { line: number; reason: string }[];
}

/** Most tickets one `ingestTickets` call takes (bigger archives: `kg import`). */
export const MAX_INGEST = 1000;

/**
 * The services resolvers call. Every graph write goes through here so the answer index and cache
 * hear about it (`answers.onWrite`).
 */
export interface Services {
  store: GraphStore;
  schema: GraphSchema;
  ontology: Ontology;
  answers: AnswerService;
  /** The extraction job (import, watch, ingest all run through it). */
  job: ExtractionJob;
  health(): Promise<{ ok: boolean; store: string }>;
  /** Answers a question and counts it for the deflection figure (`metrics`). */
  answer(input: AnswerInput): Promise<Answer>;
  /**
   * Counts answers served again from a response cache (answer-cache hits, review demand,
   * deflection) if their sources are all still live; false (nothing counted) when any is stale.
   */
  replayAnswers(sources: readonly AnswerSource[]): boolean;
  /** Operational metrics (repeat-inquiry rate, deflection, link rate, coverage gaps). */
  metrics(input: MetricsRequest): Promise<Metrics>;
  /** True once the answer index is loaded. */
  ready(): boolean;
  stats(): Promise<GraphStats>;
  ontologyState(): Promise<OntologyState>;
  recordFeedback(solutionId: string, caseId: string | null, outcome: Outcome): Promise<NodeRecord>;
  retractCase(id: string): Promise<{ caseId: string; archived: NodeRef[] }>;
  ingest(data: string, format: 'jsonl' | 'csv', map: string | null): Promise<IngestResult>;
  reviewQueue(first: number, offset: number): Promise<{ items: ReviewItem[]; total: number }>;
  reviewFact(
    id: string,
    decision: ReviewDecision,
    mergeInto: string | null,
    reviewer: string,
  ): Promise<ReviewItem>;
  changesets(first: number): Promise<ChangesetRecord[]>;
  revertChangeset(id: string): Promise<ChangesetRecord>;
}

export function createServices(deps: {
  store: GraphStore;
  schema: GraphSchema;
  ontology: Ontology;
  answers: AnswerService;
  job: ExtractionJob;
  /** The process's tokenizer (with the ontology's words). @default a new one, built on first use */
  tokenizer?: Tokenizer;
  /** Counts answers served for the deflection figure; without one nothing is counted. */
  usage?: UsageRecorder | null;
  /** Defaults of the metrics query. @default window 7 days, threshold 0.25 */
  metrics?: { windowDays: number; threshold: number };
  /** `KG_IMPORT_MAX_BAD_SHARE`. @default 0.01 */
  importMaxBadShare?: number;
}): Services {
  const { store, answers, job } = deps;
  const curation = new CurationService(store, answers);
  const usage = deps.usage ?? null;
  let metrics: MetricsService | null = null;
  const metricsService = () =>
    (metrics ??= new MetricsService({
      store,
      tokenizer: deps.tokenizer ?? new Tokenizer(),
      usage,
      defaults: deps.metrics ?? { windowDays: 7, threshold: 0.25 },
    }));
  return {
    store,
    schema: deps.schema,
    ontology: deps.ontology,
    answers,
    job,
    async health() {
      await store.ping();
      return { ok: true, store: store.kind };
    },
    ready: () => answers.ready(),
    async answer(input) {
      const a = await answers.answer(input);
      usage?.answered(a.candidates.length > 0);
      return a;
    },
    replayAnswers(sources) {
      const replayed = answers.replay(sources);
      if (!replayed) return false;
      for (const hasCandidates of replayed) usage?.answered(hasCandidates);
      return true;
    },
    metrics: (input) => metricsService().metrics(input),
    stats: () => graphStats(store, deps.schema),
    ontologyState: () => store.readOntology(),
    async recordFeedback(solutionId, caseId, outcome) {
      const r = await store.recordOutcome(solutionId, outcome, caseId);
      if (!r) {
        throw new NotFoundError(
          caseId === null
            ? `no solution '${preview(solutionId)}'`
            : `no solution '${preview(solutionId)}' or no case '${preview(caseId)}'`,
        );
      }
      await answers.onWrite(r.touched);
      const [solution] = await store.getNodes('Solution', [solutionId]);
      return solution!;
    },
    async ingest(data, format, map) {
      const quarantine: { line: number; reason: string }[] = [];
      const items = readTicketsFromString(data, {
        format,
        fieldMap: map ? parseFieldMap(map) : undefined,
      });
      let n = 0;
      async function* counted(): AsyncGenerator<ReadItem> {
        for await (const item of items) {
          if (++n > MAX_INGEST)
            throw new BadInputError(
              `at most ${MAX_INGEST} tickets per call; use kg import for archives`,
            );
          if (item.kind === 'bad') quarantine.push({ line: item.line, reason: item.reason });
          yield item;
        }
      }
      const summary = await job.run(counted(), {
        source: 'graphql',
        resume: false,
        batchSize: 200,
        maxBadShare: deps.importMaxBadShare,
      });
      if (summary.failure) {
        // The readable tickets are imported (as `kg import` does); the error says what happened.
        const { run, read, imported, merged, skipped, quarantined, changesets } = summary;
        throw new BadInputError(summary.failure, {
          run,
          read,
          imported,
          merged,
          skipped,
          quarantined,
          changesets,
          quarantine: quarantine.slice(0, 100),
        });
      }
      return { ...summary, quarantine };
    },
    reviewQueue: (first, offset) => curation.queue(first, offset),
    async reviewFact(id, decision, mergeInto, reviewer) {
      const fact = await curation.review(id, decision, mergeInto, reviewer);
      return { fact, demand: answers.demandOf(fact.type, fact.id) };
    },
    changesets: (first) => store.changesets(first),
    revertChangeset: (id) => revertChangeset(store, answers, id),
    async retractCase(id) {
      const r = await store.retractCase(id);
      if (!r) throw new NotFoundError(`no case '${preview(id)}'`);
      await answers.onWrite(r.touched);
      return { caseId: id, archived: r.archived };
    },
  };
}
