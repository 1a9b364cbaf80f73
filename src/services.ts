import type { AnswerService } from './answer/answer-service.js';
import { NotFoundError } from './errors.js';
import { graphStats, type GraphStats } from './graph/bootstrap.js';
import type { Ontology } from './graph/ontology/model.js';
import type { GraphSchema } from './graph/schema.js';
import type { GraphStore, NodeRecord, NodeRef, OntologyState, Outcome } from './graph/store.js';

/**
 * The services resolvers call. Every graph write goes through here so the answer index and cache
 * hear about it (`answers.onWrite`).
 */
export interface Services {
  store: GraphStore;
  schema: GraphSchema;
  ontology: Ontology;
  answers: AnswerService;
  health(): Promise<{ ok: boolean; store: string }>;
  /** True once the answer index is loaded. */
  ready(): boolean;
  stats(): Promise<GraphStats>;
  ontologyState(): Promise<OntologyState>;
  recordFeedback(solutionId: string, caseId: string | null, outcome: Outcome): Promise<NodeRecord>;
  retractCase(id: string): Promise<{ caseId: string; archived: NodeRef[] }>;
}

export function createServices(deps: {
  store: GraphStore;
  schema: GraphSchema;
  ontology: Ontology;
  answers: AnswerService;
}): Services {
  const { store, answers } = deps;
  return {
    ...deps,
    async health() {
      await store.ping();
      return { ok: true, store: store.kind };
    },
    ready: () => answers.ready(),
    stats: () => graphStats(store, deps.schema),
    ontologyState: () => store.readOntology(),
    async recordFeedback(solutionId, caseId, outcome) {
      const r = await store.recordOutcome(solutionId, outcome, caseId);
      if (!r) {
        throw new NotFoundError(
          caseId === null
            ? `no solution '${solutionId}'`
            : `no solution '${solutionId}' or no case '${caseId}'`,
        );
      }
      await answers.onWrite(r.touched);
      const [solution] = await store.getNodes('Solution', [solutionId]);
      return solution!;
    },
    async retractCase(id) {
      const r = await store.retractCase(id);
      if (!r) throw new NotFoundError(`no case '${id}'`);
      await answers.onWrite(r.touched);
      return { caseId: id, archived: r.archived };
    },
  };
}
