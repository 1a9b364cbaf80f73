import type { AnswerService } from '../answer/answer-service.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors.js';
import type {
  GraphStore,
  LinkRef,
  LinkUpsert,
  NodeRecord,
  NodeRef,
  Props,
} from '../graph/store.js';
import { preview } from '../text/hygiene.js';

export type ReviewDecision = 'APPROVE' | 'REJECT' | 'MERGE';

export interface ReviewItem {
  fact: NodeRecord;
  /** Answer queries that used, or would have used, this fact since the service started. */
  demand: number;
}

const FACT_TYPES = ['Fault', 'Cause', 'Solution'] as const;
/** Evidence relation into each fact type, and the links that hang off it. */
const EVIDENCE: Record<(typeof FACT_TYPES)[number], string> = {
  Fault: 'REPORTS',
  Cause: 'IDENTIFIED',
  Solution: 'APPLIED',
};
const OUT_LINKS: Record<(typeof FACT_TYPES)[number], string[]> = {
  Fault: ['HAS_CAUSE', 'RESOLVED_BY', 'AFFECTS', 'INSTANCE_OF'],
  Cause: ['RESOLVED_BY', 'INSTANCE_OF'],
  Solution: ['INSTANCE_OF'],
};
const IN_LINKS: Record<(typeof FACT_TYPES)[number], string[]> = {
  Fault: [],
  Cause: ['HAS_CAUSE'],
  Solution: ['RESOLVED_BY'],
};

/**
 * Review for curators: the queue of extracted facts that are not yet trusted (WORK_IN_PROGRESS,
 * hidden from answers; NOT_VALIDATED, answerable but flagged), ordered by demand, and decisions
 * on them. Every decision is a graph write the answer index and cache hear about.
 */
export class CurationService {
  constructor(
    private readonly store: GraphStore,
    private readonly answers: AnswerService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The queue, most demanded first (then lowest confidence, then id). */
  async queue(
    first: number,
    offset = 0,
    states: readonly string[] = ['WORK_IN_PROGRESS', 'NOT_VALIDATED'],
  ): Promise<{ items: ReviewItem[]; total: number }> {
    if (!Number.isInteger(first) || first < 1 || first > 200)
      throw new BadInputError('first must be an integer from 1 to 200');
    if (!Number.isInteger(offset) || offset < 0)
      throw new BadInputError('offset must be an integer of 0 or more');
    const all: ReviewItem[] = [];
    for (const type of FACT_TYPES) {
      for (const fact of await this.store.nodesInStates(type, states, 10_000)) {
        all.push({ fact, demand: this.answers.demandOf(type, fact.id) });
      }
    }
    const conf = (n: NodeRecord) =>
      typeof n.props.confidence === 'number' ? n.props.confidence : 1;
    all.sort(
      (a, b) =>
        b.demand - a.demand || conf(a.fact) - conf(b.fact) || a.fact.id.localeCompare(b.fact.id),
    );
    return { items: all.slice(offset, offset + first), total: all.length };
  }

  async review(
    id: string,
    decision: ReviewDecision,
    mergeInto: string | null,
    reviewer: string,
  ): Promise<NodeRecord> {
    const fact = await this.find(id);
    const type = fact.type as (typeof FACT_TYPES)[number];
    const stamp: Props = { reviewedBy: reviewer, reviewedAt: this.clock().toISOString() };
    if (decision === 'APPROVE' || decision === 'REJECT') {
      if (mergeInto) throw new BadInputError('mergeInto is only for MERGE');
      const state = decision === 'APPROVE' ? 'VALIDATED' : 'ARCHIVED';
      const r = await this.store.apply({ nodes: [{ type, id, props: { state, ...stamp } }] });
      await this.answers.onWrite(r.touched);
      return (await this.store.getNodes(type, [id]))[0]!;
    }
    if (!mergeInto)
      throw new BadInputError('MERGE needs mergeInto: the id of the fact to merge into');
    if (mergeInto === id) throw new BadInputError('a fact cannot be merged into itself');
    const target = await this.find(mergeInto);
    if (target.type !== type)
      throw new BadInputError(`cannot merge a ${type} into a ${target.type}`);
    if (target.props.state === 'ARCHIVED')
      throw new ConflictError(
        `${preview(mergeInto)} is archived: restore it before merging into it`,
      );
    const src = { type, id };
    const dst = { type, id: mergeInto };
    const links: LinkUpsert[] = [];
    const unlinks: LinkRef[] = [];
    const move = async (relation: string, direction: 'in' | 'out') => {
      for (const n of await this.store.neighbours(type, [id], relation, direction)) {
        if (n.other.type === type && n.other.id === mergeInto) continue;
        const from = direction === 'in' ? n.other : dst;
        const to = direction === 'in' ? dst : n.other;
        links.push({ type: relation, from, to, props: { mergedFrom: id } });
        unlinks.push(
          direction === 'in'
            ? { type: relation, from: n.other, to: src }
            : { type: relation, from: src, to: n.other },
        );
      }
    };
    await move(EVIDENCE[type], 'in');
    for (const r of IN_LINKS[type]) await move(r, 'in');
    for (const r of OUT_LINKS[type]) await move(r, 'out');
    const targetProps: Props = {};
    if (type === 'Fault') {
      const merged = [
        ...new Set([
          ...strings(target.props.phrasings),
          ...strings(fact.props.phrasings),
          ...strings([fact.props.title]),
        ]),
      ];
      targetProps.phrasings = merged.slice(0, 100);
    }
    const r = await this.store.apply({
      nodes: [
        { ...src, props: { state: 'ARCHIVED', mergedInto: mergeInto, ...stamp } },
        ...(Object.keys(targetProps).length > 0 ? [{ ...dst, props: targetProps }] : []),
      ],
      links,
      unlinks,
    });
    await this.answers.onWrite(r.touched);
    return (await this.store.getNodes(type, [mergeInto]))[0]!;
  }

  private async find(id: string): Promise<NodeRecord> {
    for (const type of FACT_TYPES) {
      const [n] = await this.store.getNodes(type, [id]);
      if (n) return n;
    }
    throw new NotFoundError(`no fault, cause or solution '${preview(id)}'`);
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export type { NodeRef };
