import type { FaultSummary, GraphStore } from '../graph/store.js';
import type { Tokenizer } from '../text/index.js';
import { Bm25Index, MAX_TERMS } from './bm25-index.js';

/** KCS states hidden from answers: not yet trusted, or retired. */
export const HIDDEN_STATES: ReadonlySet<string> = new Set(['WORK_IN_PROGRESS', 'ARCHIVED']);

/** What the index keeps per fault (the text itself is only in the inverted index). */
export interface IndexedFault {
  id: string;
  product: string | null;
  state: string | null;
  concepts: readonly string[];
  relatedConcepts: readonly string[];
  caseCount: number;
}

export interface TextHit {
  id: string;
  /** BM25 score (see `Bm25Index`). */
  score: number;
  /** Query terms that matched this fault. */
  terms: string[];
}

/**
 * The in-memory retrieval index over every phrasing a fault has collected (titles in each
 * language plus phrasings from tickets), with BM25 from an inverted index of its own (`Bm25Index`) and an inverted map from
 * concepts to faults. Built from the store at start and updated for the faults each write touches.
 */
export class RetrievalIndex {
  private readonly search = new Bm25Index();
  private readonly faults = new Map<string, IndexedFault>();
  private readonly byConcept = new Map<string, ByEvidence>();
  private readonly byRelatedConcept = new Map<string, ByEvidence>();
  /** Terms of each indexed fault, to tell which query terms a write can affect. */
  private readonly termsOfFault = new Map<string, Set<string>>();
  /** Document frequency of each term (how many faults use it). */
  private readonly df = new Map<string, number>();

  constructor(private readonly tokenizer: Tokenizer) {}

  get size(): number {
    return this.faults.size;
  }

  /**
   * Loads every fault from the store, `pageSize` at a time. Pages are large because each page is a
   * sorted scan of the label in Grafeo (20k faults: 4.5 s in pages of 2,000, 1.1 s in one page).
   */
  async build(
    store: GraphStore,
    pageSize = 25_000,
    onProgress?: (n: number) => void,
  ): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const page = await store.scanFaultSummaries(after, pageSize);
      if (page.length === 0) break;
      for (const f of page) this.upsert(f);
      after = page[page.length - 1]!.id;
      onProgress?.(this.faults.size);
    }
  }

  /**
   * Adds or replaces faults; returns the terms whose postings changed (old ∪ new terms of each
   * fault), so cached answers that used those terms can be evicted.
   */
  upsert(summary: FaultSummary): string[] {
    const id = summary.id;
    const old = this.termsOfFault.get(id);
    this.remove(id);
    const tokens = this.tokenizer.terms(faultText(summary));
    const terms = new Set(tokens);
    const f: IndexedFault = {
      id,
      product: typeof summary.props.product === 'string' ? summary.props.product : null,
      state: typeof summary.props.state === 'string' ? summary.props.state : null,
      concepts: summary.concepts,
      relatedConcepts: summary.relatedConcepts,
      caseCount: summary.caseCount,
    };
    this.faults.set(id, f);
    this.termsOfFault.set(id, terms);
    for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.search.add(id, tokens);
    for (const c of f.concepts) addTo(this.byConcept, c, f);
    for (const c of f.relatedConcepts) addTo(this.byRelatedConcept, c, f);
    return [...new Set([...(old ?? []), ...terms])];
  }

  /** Removes a fault (deleted from the graph); returns the terms it had. */
  remove(id: string): string[] {
    const f = this.faults.get(id);
    if (!f) return [];
    const terms = [...(this.termsOfFault.get(id) ?? [])];
    this.search.remove(id, terms);
    for (const c of f.concepts) this.byConcept.get(c)?.delete(f);
    for (const c of f.relatedConcepts) this.byRelatedConcept.get(c)?.delete(f);
    this.faults.delete(id);
    this.termsOfFault.delete(id);
    for (const t of terms) {
      const n = (this.df.get(t) ?? 1) - 1;
      if (n > 0) this.df.set(t, n);
      else this.df.delete(t);
    }
    return terms;
  }

  /**
   * Inverse document frequency, ln(1 + N / df). A term no fault uses counts as the rarest
   * (df = 1): the question says something specific the graph has no phrasing for.
   */
  idf(term: string): number {
    // +1: an empty index still weighs terms (uniformly) rather than all at zero.
    return Math.log(1 + (this.faults.size + 1) / (this.df.get(term) ?? 1));
  }

  /** The distinct terms of a question, tokenized like the faults' text. */
  uniqueTerms(question: string): string[] {
    return [...this.termCounts(question).keys()];
  }

  /**
   * The distinct terms of a question with how often it uses each, in order of first use. A long
   * question (a bug report, a forwarded e-mail) repeats what it is about; the text search weighs
   * each term by its count (see `Bm25Index.search`).
   */
  termCounts(question: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const t of this.tokenizer.terms(question)) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  }

  /**
   * The terms of a question worth looking up (see `text`). With `massShare` < 1, only the rarest
   * terms are kept, as many as carry that share of the question's squared IDF mass (over all its
   * terms): a fault sharing none of them shares less than the rest of the mass.
   */
  queryTerms(question: string, massShare = 1): string[] {
    return this.lookupTerms(this.uniqueTerms(question), massShare);
  }

  /** `queryTerms` of a question already split into its distinct terms. */
  lookupTerms(unique: readonly string[], massShare = 1): string[] {
    const weight = new Map(unique.map((t) => [t, this.idf(t) ** 2]));
    // Rarest first (IDF is positive, so its square orders terms the same way).
    const byIdf = [...unique].sort((a, b) => weight.get(b)! - weight.get(a)!);
    if (massShare >= 1) return byIdf.slice(0, MAX_QUERY_TERMS);
    let total = 0;
    for (const w of weight.values()) total += w;
    return rarestByMass(byIdf, (t) => weight.get(t)!, total, massShare, MAX_QUERY_TERMS);
  }

  /** The terms of a fault's phrasings, as indexed. */
  termsOf(id: string): ReadonlySet<string> {
    return this.termsOfFault.get(id) ?? EMPTY;
  }

  get(id: string): IndexedFault | undefined {
    return this.faults.get(id);
  }

  /**
   * BM25 hits for a question (tokenized like the faults' text), best first. The question's most
   * specific terms are looked up, at most `MAX_QUERY_TERMS` by IDF, common ones included: terms
   * used by more than 5 % of the faults were once left out for speed, but "hadoop" and the 1s of
   * "1.1.1" are what tells "Use hadoop-thirdparty 1.1.1" from a dozen other thirdparty reports (bq_pairs
   * MRR@10 0.114 → 0.127 with them; docs/BENCHMARKS.md). Read last, their long lists mostly only
   * add to faults already found (see `Bm25Index.search`).
   */
  text(question: string, limit: number, massShare = 1): TextHit[] {
    return this.textOfTerms(this.termCounts(question), limit, massShare);
  }

  /** `text` of a question already split into its terms and their counts (`termCounts`). */
  textOfTerms(counts: ReadonlyMap<string, number>, limit: number, massShare = 1): TextHit[] {
    const terms = this.lookupTerms([...counts.keys()], massShare);
    if (terms.length === 0) return [];
    // Ties (to float noise) go to the smaller id, not to the order faults were indexed in: an
    // index built fresh from the store and one updated fault by fault then cut the pool at the
    // same place, so a restarted or resumed import decides exactly as an uninterrupted one.
    return this.search.search(
      terms,
      limit,
      terms.map((t) => counts.get(t) ?? 1),
    );
  }

  /**
   * Up to `k` faults of a concept (see `faultsOf`) not in `skip`, most supporting cases first,
   * then by id: a choice that depends only on the faults, never on the order they were indexed.
   * Each concept keeps its faults in that order as they are indexed, so this reads only the head
   * of the list, not every fault of a broad concept.
   */
  mostEvidenced(
    conceptId: string,
    related: boolean,
    k: number,
    skip: ReadonlySet<string>,
  ): string[] {
    return (related ? this.byRelatedConcept : this.byConcept).get(conceptId)?.top(k, skip) ?? [];
  }

  /** Faults that are instances of a concept (own concepts), or whose parts are (`related`). */
  faultsOf(conceptId: string, related = false): ReadonlySet<string> {
    return (related ? this.byRelatedConcept : this.byConcept).get(conceptId)?.ids ?? EMPTY;
  }
}

/** A concept's faults, as a set and in order of evidence (supporting cases, descending; then id). */
class ByEvidence {
  readonly ids = new Set<string>();
  private readonly order: { id: string; cases: number }[] = [];

  /** Adds `f` once (a fault listing a concept twice is still one member). */
  add(f: IndexedFault): void {
    if (this.ids.has(f.id)) return;
    this.ids.add(f.id);
    this.order.splice(this.position(f), 0, { id: f.id, cases: f.caseCount });
  }

  /** Removes `f`, indexed with the same case count it has now. */
  delete(f: IndexedFault): void {
    if (!this.ids.has(f.id)) return;
    const i = this.position(f);
    if (this.order[i]?.id !== f.id) throw new Error(`ByEvidence: ${f.id} is out of order`);
    this.order.splice(i, 1);
    this.ids.delete(f.id);
  }

  top(k: number, skip: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.order.length && out.length < k; i++) {
      const id = this.order[i]!.id;
      if (!skip.has(id)) out.push(id);
    }
    return out;
  }

  /** Where `f` is or would go: the first entry not before it. */
  private position(f: IndexedFault): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = this.order[mid]!;
      if (e.cases > f.caseCount || (e.cases === f.caseCount && e.id < f.id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * The first of `byWeight` (heaviest first) whose weights add up to strictly more than `share` of
 * `total`, at most `cap` of them. Strictly more, so terms left out carry strictly less than
 * 1 − share of the mass: with the share at 0 (a merge threshold reachable without any text), the
 * heaviest term is still kept. Used by the index search and by entity resolution's batch shortlist.
 */
export function rarestByMass(
  byWeight: readonly string[],
  weight: (term: string) => number,
  total: number,
  share: number,
  cap = Infinity,
): string[] {
  const out: string[] = [];
  let mass = 0;
  for (const t of byWeight) {
    if (mass > share * total || out.length === cap) break;
    out.push(t);
    mass += weight(t);
  }
  return out;
}

export { tieKey } from './bm25-index.js';

/**
 * Question terms looked up at most: all the text search can track. Long questions (bug reports)
 * name their subject with mid-frequency words as well as rare ones (gitbugs MRR@10 0.44 with 16,
 * 0.52 with 32; see docs/BENCHMARKS.md).
 */
const MAX_QUERY_TERMS = MAX_TERMS;

function addTo(m: Map<string, ByEvidence>, key: string, f: IndexedFault): void {
  let s = m.get(key);
  if (!s) m.set(key, (s = new ByEvidence()));
  s.add(f);
}

/** Every phrasing of a fault, one per line: localized titles and collected phrasings. */
export function faultText(f: FaultSummary): string {
  const parts = new Set<string>();
  for (const [k, v] of Object.entries(f.props)) {
    if ((k === 'title' || k.startsWith('title_')) && typeof v === 'string') parts.add(v);
    if (k === 'phrasings' && Array.isArray(v))
      for (const p of v) if (typeof p === 'string') parts.add(p);
  }
  return [...parts].join('\n');
}
