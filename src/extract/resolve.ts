import { createHash } from 'node:crypto';
import type { ConceptCatalog } from '../answer/concept-catalog.js';
import { DEFAULT_WEIGHTS, rankFaults } from '../answer/rank.js';
import { rarestByMass, type RetrievalIndex } from '../answer/retrieval-index.js';
import type { FaultRecord, LinkUpsert, NodeRef, NodeUpsert, Props } from '../graph/store.js';
import type { Tokenizer } from '../text/index.js';
import type { Extraction } from './stages.js';
import type { Ticket } from './read/ticket.js';

/**
 * Entity resolution and the write plan: does this ticket's fault (cause, solution) already exist
 * in the graph (merge: add its phrasing and evidence) or is it new (create)? Every decision records
 * the run, the similarity score and the source sentence on the evidence link, and the plan lists
 * what it created, linked and changed, so the run can be undone exactly.
 */

export type KcsState = 'WORK_IN_PROGRESS' | 'NOT_VALIDATED' | 'VALIDATED' | 'ARCHIVED';

export interface ResolveOptions {
  /**
   * Similarity from which a new fault merges into an existing one (`KG_MERGE_THRESHOLD`). 0.4
   * merges about twice the labelled duplicates of the shared bank questions that 0.5 merged, with
   * a higher precision on labelled pairs (86 → 90 %, `npm run bench:merge`; docs/BENCHMARKS.md).
   * @default 0.4
   */
  faultThreshold: number;
  /** Similarity from which a cause or solution merges into one of the fault's. @default 0.5 */
  factThreshold: number;
  /** Below this confidence a new fact is WORK_IN_PROGRESS (hidden, queued for review). @default 0.5 */
  minConfidence: number;
  /** Supporting cases from which a fact is VALIDATED without a curator. @default 3 */
  validateAfter: number;
  /** Most phrasings kept per fault. @default 50 */
  maxPhrasings: number;
  /** Keep the raw ticket text on the case node (off: only the masked subject). @default false */
  keepRawText: boolean;
}

export const DEFAULT_RESOLVE_OPTIONS: ResolveOptions = {
  faultThreshold: 0.4,
  factThreshold: 0.5,
  minConfidence: 0.5,
  validateAfter: 3,
  maxPhrasings: 50,
  keepRawText: false,
};

/** A fault as the resolver sees it: from the graph, or created / changed earlier in this batch. */
export interface FaultView {
  record: FaultRecord;
  /** True when created in this batch (not yet in the graph). */
  pending: boolean;
}

export interface ResolveContext {
  index: RetrievalIndex;
  catalog: ConceptCatalog;
  tokenizer: Tokenizer;
  /** Loads a fault with its causes and solutions (graph or batch). */
  fault(id: string): Promise<FaultView | null>;
  /**
   * Faults created or changed earlier in this batch (searched as well as the index), by id, in
   * the order the batch first touched them (a changed fault keeps its place).
   */
  batchFaults(): ReadonlyMap<string, FaultView>;
  /**
   * Product instance for a product concept: the graph's, or a new one (`create: true`) that the
   * plan must add; later tickets of the batch then see it as existing.
   */
  productOf(conceptId: string): { id: string; create: boolean };
  /** Component instance for a component concept (and product), if the graph has one. */
  componentOf(conceptId: string): string | null;
  run: string;
  options: ResolveOptions;
}

export type Outcome = 'imported' | 'merged' | 'skipped';

export interface TicketPlan {
  outcome: Outcome;
  /** Why skipped, when skipped. */
  reason?: string;
  nodes: NodeUpsert[];
  links: LinkUpsert[];
  created: NodeRef[];
  changed: { ref: NodeRef; before: Props }[];
  /** The fault the ticket ended up on (for the batch's view). */
  fault: FaultRecord | null;
  faultMode: 'create' | 'merge' | null;
  faultScore: number;
}

export async function planTicket(
  ticket: Ticket,
  ex: Extraction,
  ctx: ResolveContext,
): Promise<TicketPlan> {
  const plan: TicketPlan = {
    outcome: 'skipped',
    nodes: [],
    links: [],
    created: [],
    changed: [],
    fault: null,
    faultMode: null,
    faultScore: 0,
  };
  if (!ex.fault) {
    plan.reason = 'no fault statement found (no subject and no symptom sentence)';
    return plan;
  }
  const o = ctx.options;
  const productRef = ex.productConcept ? ctx.productOf(ex.productConcept) : null;
  const product = productRef?.id ?? null;
  const caseRef = { type: 'Case', id: ticket.id };
  if (productRef?.create && ex.productConcept) {
    const concept = ctx.catalog.byId.get(ex.productConcept);
    const names = concept?.labels ?? {};
    const props: Props = { name: Object.values(names)[0] ?? productRef.id, createdByRun: ctx.run };
    for (const [lang, label] of Object.entries(names)) props[`name_${lang}`] = label;
    plan.nodes.push({ type: 'Product', id: productRef.id, props });
    plan.created.push({ type: 'Product', id: productRef.id });
    plan.links.push(
      link(
        'INSTANCE_OF',
        { type: 'Product', id: productRef.id },
        { type: 'Concept', id: ex.productConcept },
      ),
    );
  }
  plan.nodes.push({ ...caseRef, props: caseProps(ticket, ex, o) });
  plan.created.push(caseRef);

  // Fault: the most similar existing fault of the same product, if similar enough.
  const match = await bestFault(ex, product, ctx);
  let fault: FaultRecord;
  if (match?.view) {
    fault = structuredClone(match.view.record);
    plan.faultMode = 'merge';
    plan.faultScore = match.score;
    const phrasings = strings(fault.props.phrasings);
    const cases = fault.cases.length + 1;
    const next: Props = {};
    const fresh = [ex.fault.text, ...(ex.fault.phrasings ?? [])].filter(
      (p) => !phrasings.includes(p),
    );
    if (fresh.length > 0 && phrasings.length < o.maxPhrasings)
      next.phrasings = [...phrasings, ...fresh].slice(0, o.maxPhrasings);
    const state = promote(stateOf(fault.props), cases, o);
    if (state !== stateOf(fault.props)) next.state = state;
    // Learn specificity: a ticket that names a narrower concept of the fault's (电源模块 under
    // 服务器宕机) links the fault to it too.
    for (const c of ex.fault.concepts) {
      const narrower = fault.concepts.some((fc) => ctx.catalog.ancestors(c, 4).has(fc));
      if (narrower && !fault.concepts.includes(c)) {
        plan.links.push(
          link('INSTANCE_OF', { type: 'Fault', id: fault.id }, { type: 'Concept', id: c }),
        );
        fault.concepts = [...fault.concepts, c];
      }
    }
    if (Object.keys(next).length > 0) {
      if (!match.view.pending)
        plan.changed.push({
          ref: { type: 'Fault', id: fault.id },
          before: pick(fault.props, Object.keys(next)),
        });
      plan.nodes.push({ type: 'Fault', id: fault.id, props: next });
      Object.assign(fault.props, next);
    }
    plan.outcome = 'merged';
  } else {
    const id = `flt-${hash(ticket.id)}`;
    const state: KcsState =
      ex.fault.confidence >= o.minConfidence ? 'NOT_VALIDATED' : 'WORK_IN_PROGRESS';
    const props: Props = {
      title: ex.fault.text,
      [`title_${ex.lang}`]: ex.fault.text,
      phrasings: [...new Set([ex.fault.text, ...(ex.fault.phrasings ?? [])])],
      product,
      state,
      confidence: ex.fault.confidence,
      createdByRun: ctx.run,
    };
    fault = {
      type: 'Fault',
      id,
      props,
      concepts: ex.fault.concepts,
      components: [],
      cases: [],
      causes: [],
      solutions: [],
    };
    plan.nodes.push({ type: 'Fault', id, props });
    plan.created.push({ type: 'Fault', id });
    for (const c of ex.fault.concepts)
      plan.links.push(link('INSTANCE_OF', { type: 'Fault', id }, { type: 'Concept', id: c }));
    for (const c of ex.components) {
      const comp = ctx.componentOf(c);
      if (comp) {
        plan.links.push(link('AFFECTS', { type: 'Fault', id }, { type: 'Component', id: comp }));
        fault.components.push(comp);
      }
    }
    plan.faultMode = 'create';
    plan.faultScore = match?.score ?? 0;
    plan.outcome = 'imported';
  }
  const faultRef = { type: 'Fault', id: fault.id };
  plan.links.push(
    link('REPORTS', caseRef, faultRef, {
      run: ctx.run,
      score: round(plan.faultScore),
      mode: plan.faultMode,
      sentence: ex.fault.text,
    }),
  );
  fault.cases = [...fault.cases, ticket.id];

  // Cause: one of the fault's causes if similar, else a new one.
  let causeRef: NodeRef | null = null;
  if (ex.cause) {
    const existing = bestFact(
      ex.cause.text,
      ex.cause.concepts,
      fault.causes.map((c) => ({
        id: c.id,
        text: textOf(c.props, 'text'),
        concepts: c.concepts,
        state: stateOf(c.props),
      })),
      ctx,
    );
    if (existing && existing.score >= o.factThreshold) {
      causeRef = { type: 'Cause', id: existing.id };
      const cause = fault.causes.find((c) => c.id === existing.id)!;
      bumpState(plan, causeRef, cause.props, cause.cases.length + 1, o, !isPending(ctx, fault.id));
      cause.cases = [...cause.cases, ticket.id];
    } else {
      causeRef = { type: 'Cause', id: `cse-${hash(ticket.id)}` };
      const props: Props = {
        text: ex.cause.text,
        [`text_${ex.lang}`]: ex.cause.text,
        state: ex.cause.confidence >= o.minConfidence ? 'NOT_VALIDATED' : 'WORK_IN_PROGRESS',
        confidence: ex.cause.confidence,
        createdByRun: ctx.run,
      };
      plan.nodes.push({ ...causeRef, props });
      plan.created.push(causeRef);
      plan.links.push(link('HAS_CAUSE', faultRef, causeRef));
      for (const c of ex.cause.concepts)
        plan.links.push(link('INSTANCE_OF', causeRef, { type: 'Concept', id: c }));
      fault.causes.push({
        type: 'Cause',
        id: causeRef.id,
        props,
        concepts: ex.cause.concepts,
        cases: [ticket.id],
        solutions: [],
      });
    }
    plan.links.push(
      link('IDENTIFIED', caseRef, causeRef, { run: ctx.run, sentence: ex.cause.text }),
    );
  }

  // Solution: one of the fault's (or its causes') solutions if similar, else a new one.
  if (ex.solution) {
    const known = [...fault.solutions, ...fault.causes.flatMap((c) => c.solutions)];
    const existing = bestFact(
      ex.solution.steps.join(' '),
      ex.solution.concepts,
      known.map((s) => ({
        id: s.id,
        text: [textOf(s.props, 'title'), ...strings(s.props.steps)].join(' '),
        concepts: s.concepts,
        state: stateOf(s.props),
      })),
      ctx,
    );
    let solRef: NodeRef;
    if (existing && existing.score >= o.factThreshold) {
      solRef = { type: 'Solution', id: existing.id };
      const s = known.find((x) => x.id === existing.id)!;
      bumpState(plan, solRef, s.props, s.cases.length + 1, o, !isPending(ctx, fault.id));
      s.cases = [...s.cases, ticket.id];
    } else {
      solRef = { type: 'Solution', id: `sol-${hash(ticket.id)}` };
      const props: Props = {
        title: ex.solution.text,
        [`title_${ex.lang}`]: ex.solution.text,
        steps: ex.solution.steps,
        [`steps_${ex.lang}`]: ex.solution.steps,
        state: ex.solution.confidence >= o.minConfidence ? 'NOT_VALIDATED' : 'WORK_IN_PROGRESS',
        confidence: ex.solution.confidence,
        helpful: 0,
        notHelpful: 0,
        reopened: 0,
        createdByRun: ctx.run,
      };
      plan.nodes.push({ ...solRef, props });
      plan.created.push(solRef);
      const from = causeRef ?? faultRef;
      plan.links.push(link('RESOLVED_BY', from, solRef));
      for (const c of ex.solution.concepts)
        plan.links.push(link('INSTANCE_OF', solRef, { type: 'Concept', id: c }));
      const record = {
        type: 'Solution',
        id: solRef.id,
        props,
        concepts: ex.solution.concepts,
        cases: [ticket.id],
      };
      const cause = causeRef ? fault.causes.find((c) => c.id === causeRef.id) : undefined;
      if (cause) cause.solutions.push(record);
      else fault.solutions.push(record);
    }
    plan.links.push(link('APPLIED', caseRef, solRef, { run: ctx.run, sentence: ex.solution.text }));
  }
  plan.fault = fault;
  return plan;
}

function isPending(ctx: ResolveContext, faultId: string): boolean {
  return ctx.batchFaults().get(faultId)?.pending ?? false;
}

/** KCS promotion by evidence: WIP → NOT_VALIDATED at 2 cases, → VALIDATED at `validateAfter`. */
export function promote(
  state: KcsState,
  cases: number,
  o: Pick<ResolveOptions, 'validateAfter'>,
): KcsState {
  if (state === 'ARCHIVED' || state === 'VALIDATED') return state;
  if (cases >= o.validateAfter) return 'VALIDATED';
  if (state === 'WORK_IN_PROGRESS' && cases >= 2) return 'NOT_VALIDATED';
  return state;
}

function bumpState(
  plan: TicketPlan,
  ref: NodeRef,
  props: Props,
  cases: number,
  o: ResolveOptions,
  recordBefore: boolean,
): void {
  const before = stateOf(props);
  const after = promote(before, cases, o);
  if (after === before) return;
  if (recordBefore && !plan.changed.some((c) => c.ref.id === ref.id && c.ref.type === ref.type)) {
    plan.changed.push({ ref, before: { state: props.state ?? null } });
  }
  plan.nodes.push({ ...ref, props: { state: after } });
  props.state = after;
}

/**
 * Similarity of a statement to a fault, in [0, 1]: half text (IDF-weighted cosine between the
 * statement's terms and the fault's phrasings), half concepts (1 when the statement's most specific
 * fault concept is one of the fault's, 0.5 when one is an ancestor or descendant of the other
 * within two hops), plus up to 0.2 when the ticket's cause or solution concepts agree with the
 * fault's (capped at 1). Different products never merge.
 * Candidates come from the answer index (the graph, scored from the index alone) and from this
 * batch; only the winner is loaded from the store, and only when it is similar enough to merge.
 */
async function bestFault(
  ex: Extraction,
  product: string | null,
  ctx: ResolveContext,
): Promise<{ view: FaultView | null; score: number } | null> {
  const statement = ex.fault!;
  const concepts = statement.concepts.map((conceptId) => ({ conceptId, term: conceptId }));
  const ranked = rankFaults({
    question: statement.text,
    product: null,
    index: ctx.index,
    catalog: ctx.catalog,
    concepts,
    // Similarity, not trust: an unreviewed fault is as good a merge target as a validated one.
    weights: { ...DEFAULT_WEIGHTS, unreviewed: 1 },
    textMassShare: textMassShare(ctx.options.faultThreshold),
  }).slice(0, 10);
  const mine = new Set(ctx.tokenizer.terms(statement.text));
  const related = [...(ex.cause?.concepts ?? []), ...(ex.solution?.concepts ?? [])];
  const score = (
    terms: ReadonlySet<string>,
    own: readonly string[],
    theirRelated: readonly string[],
  ) =>
    Math.min(
      1,
      TEXT_WEIGHT * cosineSets(mine, terms, ctx) +
        CONCEPT_WEIGHT * conceptAgreement(statement.concepts, own, ctx.catalog) +
        RELATED_WEIGHT *
          (related.length > 0 ? conceptAgreement(related, theirRelated, ctx.catalog) : 0),
    );
  const differentProduct = (theirs: unknown) =>
    product !== null && typeof theirs === 'string' && theirs !== product;
  let best: { id: string; view: FaultView | null; score: number } | null = null;
  const batch = ctx.batchFaults();
  // Faults of this batch (not yet indexed): scored on their records — only those that share a
  // term or a related concept with the statement, unless a fault sharing neither (score ≤ 0.2)
  // could still pass the threshold. In batch order either way, so a tie goes to the same fault.
  const shortlist =
    ctx.options.faultThreshold > RELATED_ONLY_MAX ? batchCandidates(statement, ctx, mine) : null;
  for (const v of shortlist ?? batch.values()) {
    const f = v.record;
    if (stateOf(f.props) === 'ARCHIVED' || differentProduct(f.props.product)) continue;
    const theirRelated = [
      ...f.causes.flatMap((c) => c.concepts),
      ...[...f.solutions, ...f.causes.flatMap((c) => c.solutions)].flatMap((x) => x.concepts),
    ];
    const s = score(termsOfRecord(f, ctx), f.concepts, theirRelated);
    if (!best || s > best.score) best = { id: f.id, view: v, score: s };
  }
  // Faults of the graph: scored from the index alone (no store call per candidate).
  for (const r of ranked) {
    if (batch.has(r.id)) continue;
    const f = ctx.index.get(r.id);
    if (!f || f.state === 'ARCHIVED' || differentProduct(f.product)) continue;
    const s = score(ctx.index.termsOf(r.id), f.concepts, f.relatedConcepts);
    if (!best || s > best.score) best = { id: r.id, view: null, score: s };
  }
  if (!best) return null;
  // Only a fault similar enough to merge into is loaded (most tickets of a large archive merge
  // into nothing, and a store read per ticket was a tenth of an import).
  if (best.score < ctx.options.faultThreshold) return { view: null, score: best.score };
  const view = best.view ?? (await ctx.fault(best.id));
  return view ? { view, score: best.score } : null;
}

/** Terms of a batch fault's phrasings, cached per fault and number of phrasings. */
const recordTerms = new WeakMap<ResolveContext, Map<string, { n: number; terms: Set<string> }>>();
function termsOfRecord(f: FaultRecord, ctx: ResolveContext): Set<string> {
  let cache = recordTerms.get(ctx);
  if (!cache) {
    cache = new Map();
    recordTerms.set(ctx, cache);
  }
  const phrasings = [textOf(f.props, 'title'), ...strings(f.props.phrasings)];
  const hit = cache.get(f.id);
  if (hit && hit.n === phrasings.length) return hit.terms;
  const terms = new Set(ctx.tokenizer.terms(phrasings.join('\n')));
  cache.set(f.id, { n: phrasings.length, terms });
  return terms;
}

/** Weights of a fault's score (see `bestFault`); the search bounds below are derived from them. */
const TEXT_WEIGHT = 0.5;
const CONCEPT_WEIGHT = 0.5;
const RELATED_WEIGHT = 0.2;
/** The most a fault sharing no term and no related concept with a statement can score. */
const RELATED_ONLY_MAX = RELATED_WEIGHT;

/**
 * Which of a statement's terms the text search needs, as a share of their squared IDF mass
 * (rarest first). A fault without concept agreement needs text similarity t ≥ (threshold −
 * RELATED_WEIGHT) / TEXT_WEIGHT to merge, and the cosine is at most √(shared mass / statement mass); so a fault sharing
 * none of the rarest terms that carry 1 − t² of the mass cannot merge on its text, and looking up
 * the common terms (long posting lists as the graph grows) finds nothing that could. Faults with
 * concept agreement come from the concept pools whatever their text.
 */
function textMassShare(threshold: number): number {
  const t = (threshold - RELATED_ONLY_MAX) / TEXT_WEIGHT;
  return t <= 0 ? 1 : Math.max(0, Math.min(1, 1 - t * t));
}

/**
 * This batch's faults keyed by their terms and by their concepts (with ancestors up to two hops,
 * the reach of {@link conceptAgreement}), per resolve context; a fault is (re)indexed when its
 * record changes. Keys are only added, so a lookup returns a superset of the true candidates.
 * `order` is the position of each fault in the batch (the order of `batchFaults()`).
 */
const batchIndexes = new WeakMap<
  ResolveContext,
  { records: Map<string, FaultRecord>; keys: Map<string, Set<string>>; order: Map<string, number> }
>();

/** The batch faults a statement could merge into (see `batchIndexes`), in batch order. */
function batchCandidates(
  statement: { concepts: readonly string[] },
  ctx: ResolveContext,
  mine: ReadonlySet<string>,
): FaultView[] {
  let ix = batchIndexes.get(ctx);
  if (!ix) batchIndexes.set(ctx, (ix = { records: new Map(), keys: new Map(), order: new Map() }));
  const { records, keys, order } = ix;
  const conceptKeys = (concepts: readonly string[]) =>
    concepts.flatMap((c) => [
      `c:${c}`,
      ...[...ctx.catalog.ancestors(c, 2).keys()].map((a) => `c:${a}`),
    ]);
  const batch = ctx.batchFaults();
  for (const v of batch.values()) {
    const f = v.record;
    if (records.get(f.id) === f) continue;
    records.set(f.id, f);
    if (!order.has(f.id)) order.set(f.id, order.size);
    for (const key of [
      ...[...termsOfRecord(f, ctx)].map((t) => `t:${t}`),
      ...conceptKeys(f.concepts),
    ]) {
      let ids = keys.get(key);
      if (!ids) keys.set(key, (ids = new Set()));
      ids.add(f.id);
    }
  }
  const out = new Set<string>();
  const terms = rarestTerms(mine, textMassShare(ctx.options.faultThreshold), ctx);
  for (const key of [...terms.map((t) => `t:${t}`), ...conceptKeys(statement.concepts)])
    for (const id of keys.get(key) ?? []) out.add(id);
  return [...out]
    .sort((a, b) => order.get(a)! - order.get(b)!)
    .flatMap((id) => batch.get(id) ?? []);
}

/**
 * The rarest of a statement's terms that carry more than `share` of its squared IDF mass. A fault
 * sharing none of them shares less than 1 − share of the mass, so its cosine with the statement
 * is below √(1 − share) (see `textMassShare`): it cannot merge on its text, and its concepts are
 * looked up separately.
 */
function rarestTerms(
  mine: ReadonlySet<string>,
  share: number,
  ctx: Pick<ResolveContext, 'index'>,
): string[] {
  const byWeight = [...mine].sort((a, b) => idf2(ctx, b) - idf2(ctx, a));
  if (share >= 1) return byWeight;
  let total = 0;
  for (const t of byWeight) total += idf2(ctx, t);
  return rarestByMass(byWeight, (t) => idf2(ctx, t), total, share);
}

/**
 * Squared IDF weights and set norms, per resolve context: the index does not change while one
 * batch is resolved (it is updated after the batch commits), so each term's weight and each
 * candidate's norm are computed once per batch instead of once per comparison.
 */
const batchWeights = new WeakMap<
  Pick<ResolveContext, 'index'>,
  { idf2: Map<string, number>; norms: WeakMap<ReadonlySet<string>, number> }
>();

function weightsOf(ctx: Pick<ResolveContext, 'index'>) {
  let w = batchWeights.get(ctx);
  if (!w) batchWeights.set(ctx, (w = { idf2: new Map(), norms: new WeakMap() }));
  return w;
}

function idf2(ctx: Pick<ResolveContext, 'index'>, t: string): number {
  const { idf2 } = weightsOf(ctx);
  let w = idf2.get(t);
  if (w === undefined) idf2.set(t, (w = ctx.index.idf(t) ** 2));
  return w;
}

function normOf(ctx: Pick<ResolveContext, 'index'>, set: ReadonlySet<string>): number {
  const { norms } = weightsOf(ctx);
  let n = norms.get(set);
  if (n === undefined) {
    n = 0;
    for (const t of set) n += idf2(ctx, t);
    norms.set(set, n);
  }
  return n;
}

/** IDF-weighted cosine of two term sets. */
function cosineSets(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
  ctx: Pick<ResolveContext, 'index'>,
): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const t of small) if (large.has(t)) dot += idf2(ctx, t);
  if (dot === 0) return 0;
  const na = normOf(ctx, a);
  const nb = normOf(ctx, b);
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

function bestFact(
  text: string,
  concepts: readonly string[],
  facts: { id: string; text: string; concepts: readonly string[]; state: KcsState }[],
  ctx: ResolveContext,
): { id: string; score: number } | null {
  let best: { id: string; score: number } | null = null;
  for (const f of facts) {
    if (f.state === 'ARCHIVED') continue;
    const score =
      0.6 * cosine(text, f.text, ctx) + 0.4 * conceptAgreement(concepts, f.concepts, ctx.catalog);
    if (!best || score > best.score) best = { id: f.id, score };
  }
  return best;
}

/**
 * Agreement of two concept sets: 1 for a shared leaf concept (specific: 电源模块), 0.6 for a shared
 * concept that has narrower ones (a category such as 转账失败 covers several faults), 0.5 when one
 * is within two IS_A hops of the other.
 */
export function conceptAgreement(
  a: readonly string[],
  b: readonly string[],
  catalog: ConceptCatalog,
): number {
  let best = 0;
  for (const x of a) {
    for (const y of b) {
      if (x === y) best = Math.max(best, catalog.hasChildren(x) ? 0.6 : 1);
      else if ((catalog.ancestors(x, 2).get(y) ?? catalog.ancestors(y, 2).get(x)) !== undefined)
        best = Math.max(best, 0.5);
    }
  }
  return best;
}

function cosine(a: string, b: string, ctx: Pick<ResolveContext, 'index' | 'tokenizer'>): number {
  return cosineSets(new Set(ctx.tokenizer.terms(a)), new Set(ctx.tokenizer.terms(b)), ctx);
}

function caseProps(t: Ticket, ex: Extraction, o: ResolveOptions): Props {
  const props: Props = {
    subject: ex.sentences.find((s) => s.source === 'subject')?.text ?? ex.fault?.text ?? null,
    createdAt: t.createdAt,
    resolvedAt: t.resolvedAt,
    customerId: t.customerId,
    product: t.product,
    status: t.status,
    lang: ex.lang,
  };
  if (o.keepRawText) {
    // Still masked: raw means "all the ticket's sentences", never unmasked personal data.
    props.text = ex.sentences.map((s) => s.text).join('\n');
  }
  return props;
}

function link(type: string, from: NodeRef, to: NodeRef, props?: Props): LinkUpsert {
  return props ? { type, from, to, props } : { type, from, to };
}

export function stateOf(p: Props): KcsState {
  const s = p.state;
  return s === 'WORK_IN_PROGRESS' || s === 'NOT_VALIDATED' || s === 'VALIDATED' || s === 'ARCHIVED'
    ? s
    : 'NOT_VALIDATED';
}

function textOf(p: Props, name: string): string {
  const v = p[name];
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function pick(p: Props, keys: readonly string[]): Props {
  return Object.fromEntries(keys.map((k) => [k, p[k] ?? null]));
}

/** Short stable id suffix from a ticket id: re-importing a ticket yields the same ids. */
function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
