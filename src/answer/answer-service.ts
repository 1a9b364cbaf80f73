import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { BadInputError } from '../errors.js';
import type {
  FaultRecord,
  GraphStore,
  NodeRecord,
  NodeRef,
  SolutionRecord,
} from '../graph/store.js';
import { detectLanguage, normalizeText, type Tokenizer } from '../text/index.js';
import { AnswerCache, type AnswerCacheOptions, type CacheStats } from './answer-cache.js';
import { confidence, loadCalibration, margins, type Calibration } from './calibration.js';
import { ConceptCatalog } from './concept-catalog.js';
import { bestSplit, DEFAULT_WEIGHTS, rankFaults, trustOf, type RankWeights } from './rank.js';
import { RetrievalIndex } from './retrieval-index.js';
import type { HandoffKind, HandoffLexicon } from './signals.js';
import { TermMatcher } from './term-matcher.js';

export type Lang = 'zh' | 'en';

export interface AnswerInput {
  question: string;
  /** Product instance id, product concept id, or a product name / alias. */
  product?: string | null;
  customerId?: string | null;
  lang?: Lang | null;
  /** How many candidates. @default 3 (max 20) */
  first?: number | null;
}

export interface ConceptRef {
  id: string;
  label: string;
}

export interface AnswerCandidate {
  rank: number;
  faultId: string;
  causeId: string | null;
  solutionId: string | null;
  /** The nodes as read for this answer (so serving a cached answer needs no store call). */
  records: { fault: NodeRecord; cause: NodeRecord | null; solution: NodeRecord | null };
  /** The fault's title in the answer's language (or the one it has). */
  title: string;
  steps: string[];
  score: number;
  confidence: number;
  evidenceCount: number;
  successRate: number | null;
  conceptPath: ConceptRef[];
  matchedTerms: string[];
  provenance: string[];
}

export interface ClarifyingQuestion {
  text: string;
  attribute: 'component' | 'symptom' | 'product';
  informationGain: number;
  options: { label: string; conceptId: string | null; faultIds: string[] }[];
}

export interface RepeatInquiry {
  isRepeat: boolean;
  count: number;
  previousCaseIds: string[];
  faultId: string | null;
  windowDays: number;
}

export type HandoffReason =
  'REPEAT_INQUIRY' | 'LOW_CONFIDENCE' | 'NO_ANSWER' | 'COMPLAINT' | 'REFUND' | 'HUMAN_REQUEST';

export interface Handoff {
  recommended: boolean;
  reasons: HandoffReason[];
  matchedTerms: string[];
}

export interface Answer {
  question: string;
  lang: Lang;
  candidates: AnswerCandidate[];
  clarifyingQuestion: ClarifyingQuestion | null;
  repeatInquiry: RepeatInquiry | null;
  handoff: Handoff;
  /** True when the ranked part came from the answer cache. */
  cached: boolean;
  /**
   * The answer-cache entry this answer was built from, or null when it depends on more than the
   * entry (a `customerId`: repeat inquiries are read from the store each time). A response cache
   * may replay the answer for as long as {@link AnswerService.replay} accepts this.
   */
  source: AnswerSource | null;
}

/** Opaque handle on the answer-cache entry an answer was built from. */
export interface AnswerSource {
  readonly key: string;
  readonly entry: object;
}

export interface AnswerOptions {
  cache?: AnswerCacheOptions;
  /** Repeat-inquiry window in days. @default 7 */
  repeatWindowDays?: number;
  /** Below this top-1 confidence a handoff is recommended. @default 0.35 */
  lowConfidence?: number;
  /** Previous cases on the same fault from which a handoff is recommended. @default 2 */
  repeatHandoffCount?: number;
  /** Candidates within this share of the top score count as close (clarifying question). @default 0.15 */
  closeMargin?: number;
  weights?: RankWeights;
  /** Fault records kept in memory between questions. @default 20000 */
  faultCacheMax?: number;
}

export const MAX_FIRST = 20;
const MAX_QUESTION = 4000;

interface Ranked {
  candidates: AnswerCandidate[];
  clarifyingQuestion: ClarifyingQuestion | null;
  /** Facts this answer used, and hidden ones it would have used (review demand). */
  demand: string[];
  /** Handoff phrases in the question (a property of the question alone, so cached with it). */
  handoffTerms: { kind: HandoffKind; term: string }[];
  tags: string[];
}

const HANDOFF_REASON: Record<HandoffKind, HandoffReason> = {
  complaint: 'COMPLAINT',
  refund: 'REFUND',
  human: 'HUMAN_REQUEST',
};

const QUESTIONS: Record<ClarifyingQuestion['attribute'], Record<Lang, string>> = {
  component: { zh: '请问是哪个部件出了问题？', en: 'Which part seems to be affected?' },
  symptom: { zh: '您遇到的是下面哪种情况？', en: 'Which of these best describes what you see?' },
  product: { zh: '请问您用的是哪个产品？', en: 'Which product are you using?' },
};

/**
 * The answer service: question in, ranked fixes out, with why and how sure. Retrieval is in
 * memory (RetrievalIndex + ConceptCatalog); details come from the store in one batched call per
 * question; the ranked part is cached, tagged with every node and query term it read. Customer
 * signals (repeat inquiry, handoff) are computed per request and never cached.
 */
export class AnswerService {
  readonly cache: AnswerCache<Ranked>;
  /**
   * Faults as last read from the store, so popular faults are not re-read for every new question.
   * Kept exact by `onWrite`, which drops every fault a write touches (directly or through its
   * causes and solutions).
   */
  private readonly faultCache: LRUCache<string, FaultRecord>;
  private catalog: ConceptCatalog;
  private readonly handoffMatcher: TermMatcher<HandoffKind>;
  private readonly calibration: Calibration;
  private productIds = new Map<string, string>();
  /** Review demand per fact (`Type:id`): answers that used or would have used it (in memory). */
  private readonly demand = new Map<string, number>();
  private ready_ = false;
  /**
   * Bumped when `onWrite` starts and when it ends. A fault record or an answer computed while it
   * changed may have read the graph or the index from before the write, after the write evicted
   * them: it is returned to its caller but not cached (else the stale copy would outlive the
   * eviction meant for it).
   */
  private writeGeneration = 0;

  private constructor(
    private readonly store: GraphStore,
    private readonly tokenizer: Tokenizer,
    private readonly faultIndex: RetrievalIndex,
    catalog: ConceptCatalog,
    lexicon: HandoffLexicon,
    private readonly clock: () => Date,
    private readonly options: AnswerOptions,
    private readonly log: Logger,
  ) {
    this.catalog = catalog;
    this.cache = new AnswerCache<Ranked>(options.cache);
    this.faultCache = new LRUCache({ max: options.faultCacheMax ?? 20_000 });
    this.calibration = loadCalibration();
    this.handoffMatcher = new TermMatcher<HandoffKind>(tokenizer);
    for (const [kind, byLang] of Object.entries(lexicon) as [
      HandoffKind,
      Record<string, string[]>,
    ][]) {
      for (const term of Object.values(byLang).flat()) this.handoffMatcher.add(term, kind);
    }
  }

  /** Loads the concept tier and every fault from the store and builds the index. */
  static async create(deps: {
    store: GraphStore;
    tokenizer: Tokenizer;
    lexicon: HandoffLexicon;
    clock?: () => Date;
    options?: AnswerOptions;
    log: Logger;
  }): Promise<AnswerService> {
    const catalog = await loadCatalog(deps.store, deps.tokenizer);
    const index = new RetrievalIndex(deps.tokenizer);
    const service = new AnswerService(
      deps.store,
      deps.tokenizer,
      index,
      catalog,
      deps.lexicon,
      deps.clock ?? (() => new Date()),
      deps.options ?? {},
      deps.log,
    );
    const started = Date.now();
    await index.build(deps.store);
    await service.loadProducts();
    service.ready_ = true;
    deps.log.info(
      { faults: index.size, concepts: catalog.byId.size, ms: Date.now() - started },
      'answer index built',
    );
    return service;
  }

  /** True once the index is loaded (readiness). */
  ready(): boolean {
    return this.ready_;
  }

  get concepts(): ConceptCatalog {
    return this.catalog;
  }

  /** The retrieval index (entity resolution searches it for existing faults). */
  get index(): RetrievalIndex {
    return this.faultIndex;
  }

  /** A fault with its causes and solutions, from the fault cache or the store. */
  async faultView(id: string): Promise<{ record: FaultRecord; pending: false } | null> {
    const f = (await this.loadFaults([id])).get(id);
    return f ? { record: f, pending: false } : null;
  }

  /** How many answers used (or, hidden, would have used) a fact since the service started. */
  demandOf(type: string, id: string): number {
    return this.demand.get(`${type}:${id}`) ?? 0;
  }

  /** Product instance id for a product concept id, or null. */
  productIdOf(conceptId: string): string | null {
    return this.productIds.get(conceptId) ?? null;
  }

  cacheStats(): CacheStats {
    return this.cache.stats();
  }

  async answer(input: AnswerInput): Promise<Answer> {
    const question = input.question.trim();
    if (question === '') throw new BadInputError('question must not be empty');
    if (question.length > MAX_QUESTION)
      throw new BadInputError(`question is longer than ${MAX_QUESTION} characters`);
    const first = input.first ?? 3;
    if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
      throw new BadInputError(`first must be an integer from 1 to ${MAX_FIRST}`);
    }
    const lang: Lang = input.lang ?? detectLanguage(question);
    const product = input.product ? this.resolveProduct(input.product) : null;
    const key = JSON.stringify([normalizeText(question), product, lang, first]);
    let ranked = this.cache.get(key);
    const cached = ranked !== undefined;
    if (!ranked) {
      const generation = this.writeGeneration;
      ranked = await this.rank(question, lang, product, first);
      if (generation === this.writeGeneration) this.cache.set(key, ranked, ranked.tags);
    }
    for (const key of ranked.demand) this.demand.set(key, (this.demand.get(key) ?? 0) + 1);
    const repeatInquiry = input.customerId
      ? await this.repeatInquiry(input.customerId, ranked.candidates[0]?.faultId ?? null)
      : null;
    return {
      question,
      lang,
      candidates: ranked.candidates,
      clarifyingQuestion: ranked.clarifyingQuestion,
      repeatInquiry,
      handoff: this.handoff(ranked, repeatInquiry),
      cached,
      source: input.customerId ? null : { key, entry: ranked },
    };
  }

  /**
   * Serves answers again without recomputing them, for a response cache: accepted only when every
   * source is still the live entry of the answer cache (not evicted, expired, invalidated by a
   * write or recomputed since). Then each counts as an answer-cache hit and as demand on the facts
   * it used, exactly like `answer()` on a cached question, and this returns whether each answer
   * had candidates; otherwise it returns null and counts nothing.
   */
  replay(sources: readonly AnswerSource[]): boolean[] | null {
    if (!sources.every((s) => this.cache.peek(s.key) === s.entry)) return null;
    return sources.map((s) => {
      const ranked = this.cache.get(s.key)!;
      for (const key of ranked.demand) this.demand.set(key, (this.demand.get(key) ?? 0) + 1);
      return ranked.candidates.length > 0;
    });
  }

  /**
   * Brings the index and cache up to date after a graph write: re-reads the touched faults (and
   * the faults of touched causes and solutions) and evicts cached answers that read any touched
   * node or any term whose postings changed.
   */
  async onWrite(touched: readonly NodeRef[]): Promise<void> {
    this.writeGeneration++;
    try {
      await this.applyWrite(touched);
    } finally {
      this.writeGeneration++;
    }
  }

  private async applyWrite(touched: readonly NodeRef[]): Promise<void> {
    const faultIds = new Set(touched.filter((t) => t.type === 'Fault').map((t) => t.id));
    const causes = touched.filter((t) => t.type === 'Cause').map((t) => t.id);
    const solutions = touched.filter((t) => t.type === 'Solution').map((t) => t.id);
    if (solutions.length > 0) {
      for (const n of await this.store.neighbours('Solution', solutions, 'RESOLVED_BY', 'in')) {
        if (n.other.type === 'Fault') faultIds.add(n.other.id);
        if (n.other.type === 'Cause') causes.push(n.other.id);
      }
    }
    if (causes.length > 0) {
      for (const n of await this.store.neighbours('Cause', causes, 'HAS_CAUSE', 'in'))
        faultIds.add(n.other.id);
    }
    const tags = touched.map((t) => `${t.type}:${t.id}`);
    for (const id of faultIds) this.faultCache.delete(id);
    if (faultIds.size > 0) {
      const summaries = await this.store.faultSummaries([...faultIds]);
      const found = new Set(summaries.map((s) => s.id));
      for (const s of summaries) tags.push(...this.faultIndex.upsert(s).map((t) => `term:${t}`));
      for (const id of faultIds)
        if (!found.has(id)) tags.push(...this.faultIndex.remove(id).map((t) => `term:${t}`));
      tags.push(...[...faultIds].map((id) => `Fault:${id}`));
    }
    if (touched.some((t) => t.type === 'Product')) await this.loadProducts();
    const evicted = this.cache.invalidate(tags);
    if (evicted > 0)
      this.log.debug({ evicted, touched: touched.length }, 'answer cache invalidated');
  }

  /** After an ontology apply: reload the concept tier, and drop every cached answer. */
  async reloadOntology(): Promise<void> {
    this.catalog = await loadCatalog(this.store, this.tokenizer);
    await this.loadProducts();
    this.faultCache.clear();
    this.cache.clear();
  }

  private async rank(
    question: string,
    lang: Lang,
    product: string | null,
    first: number,
  ): Promise<Ranked> {
    const concepts = this.catalog.match(question);
    // A product named in the question scopes the answer when none was given.
    const scope =
      product ??
      concepts
        .map((m) => this.productIds.get(m.conceptId))
        .find((p): p is string => p !== undefined) ??
      null;
    const all = rankFaults({
      includeHidden: true,
      question,
      product: scope,
      index: this.faultIndex,
      catalog: this.catalog,
      concepts,
      weights: this.options.weights,
    });
    const scored = all.filter((s) => !s.hidden);
    const top = scored.slice(0, Math.max(first, 5));
    const cutoff = scored[first - 1]?.score ?? -Infinity;
    const demand = all.filter((s) => s.hidden && s.score >= cutoff).map((s) => `Fault:${s.id}`);
    const records = await this.loadFaults(top.map((s) => s.id));
    const margin = margins(top.map((s) => s.score));
    const conceptTerms = new Map(concepts.map((m) => [m.conceptId, m.term]));
    const candidates: AnswerCandidate[] = [];
    top.forEach((s, i) => {
      const f = records.get(s.id);
      if (f)
        candidates.push(
          this.candidate(f, s.score, margin[i]!, lang, [
            ...s.matchedTerms,
            ...s.matchedConcepts.map((c) => conceptTerms.get(c) ?? c),
          ]),
        );
    });
    candidates.forEach((c, i) => (c.rank = i + 1));
    const clarifyingQuestion = this.clarify(candidates, records, lang);
    const tags = [
      ...concepts.map((m) => `Concept:${m.conceptId}`),
      ...this.tokenizer.terms(question).map((t) => `term:${t}`),
      ...[...records.values()].flatMap(readTags),
    ];
    const handoffTerms = this.handoffMatcher
      .match(question)
      .map((m) => ({ kind: m.value, term: m.term }));
    const shown = candidates.slice(0, first);
    for (const c of shown) {
      demand.push(`Fault:${c.faultId}`);
      if (c.causeId) demand.push(`Cause:${c.causeId}`);
      if (c.solutionId) demand.push(`Solution:${c.solutionId}`);
    }
    return { candidates: shown, clarifyingQuestion, handoffTerms, tags, demand };
  }

  /** Fault records for ids, from the fault cache or (in one call for the rest) the store. */
  private async loadFaults(ids: readonly string[]): Promise<Map<string, FaultRecord>> {
    const out = new Map<string, FaultRecord>();
    const missing: string[] = [];
    for (const id of ids) {
      const f = this.faultCache.get(id);
      if (f) out.set(id, f);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const generation = this.writeGeneration;
      for (const f of await this.store.loadFaults(missing)) {
        if (generation === this.writeGeneration) this.faultCache.set(f.id, f);
        out.set(f.id, f);
      }
    }
    return out;
  }

  private candidate(
    f: FaultRecord,
    score: number,
    margin: number,
    lang: Lang,
    matched: string[],
  ): AnswerCandidate {
    const solutions = uniqueById([...f.solutions, ...f.causes.flatMap((c) => c.solutions)]).filter(
      (s) => s.props.state !== 'ARCHIVED',
    );
    // Outcome-weighted evidence, times trust: a reviewed fix comes before an unreviewed one with
    // about as much evidence.
    const unreviewed = (this.options.weights ?? DEFAULT_WEIGHTS).unreviewed;
    const trusted = (x: SolutionRecord) => solutionScore(x) * trustOf(x.props.state, unreviewed);
    const solution =
      solutions.sort((a, b) => trusted(b) - trusted(a) || a.id.localeCompare(b.id))[0] ?? null;
    const causes = f.causes.filter((c) => c.props.state !== 'ARCHIVED');
    const cause =
      [...causes].sort(
        (a, b) =>
          b.cases.length - a.cases.length ||
          Number(b.solutions.some((s) => s.id === solution?.id)) -
            Number(a.solutions.some((s) => s.id === solution?.id)) ||
          a.id.localeCompare(b.id),
      )[0] ?? null;
    const plain = (n: NodeRecord | null): NodeRecord | null =>
      n ? { type: n.type, id: n.id, props: n.props } : null;
    return {
      rank: 0,
      faultId: f.id,
      causeId: cause?.id ?? null,
      solutionId: solution?.id ?? null,
      records: { fault: plain(f)!, cause: plain(cause), solution: plain(solution) },
      title: localized(f.props, 'title', lang) ?? f.id,
      steps: solution ? localizedList(solution.props, 'steps', lang) : [],
      score: round(score),
      confidence: round(confidence(this.calibration, score, margin)),
      evidenceCount: f.cases.length,
      successRate: solution ? round(successRate(solution)) : null,
      conceptPath: this.catalog.pathOf(f.concepts, lang),
      // The tokenizer remembers the terms (aliases and question terms recur across answers).
      matchedTerms: maximalTerms(matched, (t) => this.tokenizer.terms(t)),
      provenance: f.cases.slice(0, 20),
    };
  }

  private clarify(
    candidates: AnswerCandidate[],
    records: Map<string, FaultRecord>,
    lang: Lang,
  ): ClarifyingQuestion | null {
    const top = candidates[0];
    if (!top || candidates.length < 2) return null;
    const closeMargin = this.options.closeMargin ?? 0.15;
    const close = candidates.filter((c) => c.score >= top.score * (1 - closeMargin));
    if (close.length < 2) return null;
    const attrs = close.map((c) => {
      const f = records.get(c.faultId)!;
      const fi = this.faultIndex.get(c.faultId);
      const component =
        (fi?.relatedConcepts ?? []).find((id) => this.catalog.byId.get(id)?.type === 'Component') ??
        null;
      const symptom =
        [...f.concepts].sort((a, b) => this.catalog.depth(b) - this.catalog.depth(a))[0] ?? null;
      return { id: c.faultId, score: c.score, component, symptom, product: fi?.product ?? null };
    });
    const split = bestSplit(attrs);
    if (!split) return null;
    return {
      text: QUESTIONS[split.attribute][lang],
      attribute: split.attribute,
      informationGain: round(split.informationGain),
      options: split.options.map((o) => ({
        label:
          split.attribute === 'product'
            ? this.productLabel(o.value, lang)
            : this.catalog.label(o.value, lang),
        conceptId: split.attribute === 'product' ? null : o.value,
        faultIds: o.faultIds,
      })),
    };
  }

  private async repeatInquiry(customerId: string, faultId: string | null): Promise<RepeatInquiry> {
    const windowDays = this.options.repeatWindowDays ?? 7;
    const since = new Date(this.clock().getTime() - windowDays * 86_400_000).toISOString();
    const cases = faultId ? await this.store.customerCases(customerId, since) : [];
    const previous = cases
      .filter((k) => faultId !== null && k.faults.includes(faultId))
      .map((k) => k.id);
    return {
      isRepeat: previous.length > 0,
      count: previous.length,
      previousCaseIds: previous,
      faultId,
      windowDays,
    };
  }

  private handoff({ candidates, handoffTerms }: Ranked, repeat: RepeatInquiry | null): Handoff {
    const reasons = new Set<HandoffReason>();
    for (const m of handoffTerms) reasons.add(HANDOFF_REASON[m.kind]);
    if (repeat && repeat.count >= (this.options.repeatHandoffCount ?? 2))
      reasons.add('REPEAT_INQUIRY');
    if (candidates.length === 0) reasons.add('NO_ANSWER');
    else if (candidates[0]!.confidence < (this.options.lowConfidence ?? 0.35))
      reasons.add('LOW_CONFIDENCE');
    return {
      recommended: reasons.size > 0,
      reasons: [...reasons],
      matchedTerms: handoffTerms.map((m) => m.term),
    };
  }

  /** The product instance for an id, concept id or name, or null when the graph has none. */
  resolveProductOrNull(p: string): string | null {
    try {
      return this.resolveProduct(p);
    } catch {
      return null;
    }
  }

  private resolveProduct(p: string): string {
    const direct = [...this.productIds.values()].find((id) => id === p);
    if (direct) return direct;
    const byConcept =
      this.productIds.get(p) ??
      this.catalog
        .match(p)
        .map((m) => this.productIds.get(m.conceptId))
        .find(Boolean);
    if (byConcept) return byConcept;
    throw new BadInputError(
      `unknown product '${p.slice(0, 80)}': give a product id, concept id or name`,
    );
  }

  private productLabel(productId: string, lang: Lang): string {
    const concept = [...this.productIds.entries()].find(([, id]) => id === productId)?.[0];
    return concept ? this.catalog.label(concept, lang) : productId;
  }

  /** Product concept id → product instance id (for product scope). */
  private async loadProducts(): Promise<void> {
    const productConcepts = [...this.catalog.byId.values()]
      .filter((c) => c.type === 'Product')
      .map((c) => c.id);
    const links = await this.store.neighbours('Concept', productConcepts, 'INSTANCE_OF', 'in');
    this.productIds = new Map(
      links.filter((l) => l.other.type === 'Product').map((l) => [l.id, l.other.id]),
    );
  }
}

async function loadCatalog(store: GraphStore, tokenizer: Tokenizer): Promise<ConceptCatalog> {
  const state = await store.readOntology();
  const catalog = new ConceptCatalog(state.concepts, tokenizer);
  // The ontology's Chinese labels and aliases segment as one word.
  tokenizer.addWords(catalog.allTerms().filter((t) => /\p{Script=Han}/u.test(t)));
  return catalog;
}

function readTags(f: FaultRecord): string[] {
  return [
    `Fault:${f.id}`,
    ...f.causes.flatMap((c) => [`Cause:${c.id}`, ...c.solutions.map((s) => `Solution:${s.id}`)]),
    ...f.solutions.map((s) => `Solution:${s.id}`),
  ];
}

/** Laplace-smoothed share of good outcomes: (helpful + 1) / (all outcomes + 2). */
export function successRate(s: SolutionRecord): number {
  const n = (k: string) => (typeof s.props[k] === 'number' ? s.props[k] : 0);
  return (n('helpful') + 1) / (n('helpful') + n('notHelpful') + n('reopened') + 2);
}

/** Outcome-weighted evidence: success rate × log of the supporting cases. */
function solutionScore(s: SolutionRecord): number {
  return successRate(s) * Math.log(2 + s.cases.length);
}

function uniqueById<T extends { id: string }>(xs: T[]): T[] {
  return [...new Map(xs.map((x) => [x.id, x])).values()];
}

export function localized(
  props: Record<string, unknown>,
  name: string,
  lang: string,
): string | null {
  const v = props[`${name}_${lang}`] ?? props[name];
  return typeof v === 'string' ? v : null;
}

export function localizedList(
  props: Record<string, unknown>,
  name: string,
  lang: string,
): string[] {
  const v = props[`${name}_${lang}`] ?? props[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Matched terms as a reader wants them: each once, and none that is one of the terms another one
 * shown is made of. The Chinese segmenter also emits the words inside a longer word (充不进电 →
 * 充不进, 充不, 不进, 电) and a stem is one of the terms of the alias it matched through ("charg"
 * of "won't charge"); listing those says nothing the longer term does not. A term that only
 * happens to be a substring ("port" in "support") stays.
 */
export function maximalTerms(
  terms: readonly string[],
  termsOf: (text: string) => readonly string[],
): string[] {
  const unique = [...new Set(terms)];
  const parts = new Map(unique.map((u) => [u, termsOf(u)]));
  // Chinese has no spaces between words, so a Han term inside a longer term is one of its words
  // to a reader (服务器 in 服务器宕机) even when the segmenter kept the longer one whole.
  const inside = (t: string, u: string) =>
    parts.get(u)!.includes(t) || (ONLY_HAN.test(t) && u.includes(t));
  return unique.filter((t) => !unique.some((u) => u !== t && inside(t, u)));
}

const ONLY_HAN = /^\p{Script=Han}+$/u;
