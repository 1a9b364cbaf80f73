import MiniSearch, { type Options } from 'minisearch';
import type { FaultSummary, GraphStore } from '../graph/store.js';
import type { Tokenizer } from '../text/index.js';

/** KCS states hidden from answers: not yet trusted, or retired. */
export const HIDDEN_STATES: ReadonlySet<string> = new Set(['WORK_IN_PROGRESS', 'ARCHIVED']);

/** What the index keeps per fault (the text itself lives in MiniSearch). */
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
  /** BM25 score from MiniSearch. */
  score: number;
  /** Query terms that matched this fault. */
  terms: string[];
}

/** MiniSearch's internals this module relies on (minisearch 7.2, pinned in package.json). */
interface MiniSearchInternals {
  _documentIds: Map<number, unknown>;
  _avgFieldLength: number[];
  termResults(...args: unknown[]): unknown;
}
type FieldTermData = Map<number, Map<number, number>> | undefined;

/**
 * MiniSearch whose BM25 does not depend on discarded documents. `discard` (how a fault's text
 * is replaced) leaves the old postings until a vacuum; `termResults` then takes the term's
 * document frequency from the posting list and lowers it only as it meets each dead posting, so
 * the live documents scored before that point get a larger frequency (a smaller IDF) than those
 * after, and every score depends on how many replacements happened since the last vacuum: an
 * index updated batch by batch ranked differently from one built fresh from the same graph (a
 * resumed import decided differently from an uninterrupted one). Here a term's dead postings
 * are dropped before it is scored (what the next vacuum would do for it), so scores depend only
 * on the live documents.
 */
function exactMiniSearch<T>(options: Options<T>): MiniSearch<T> {
  const search = new MiniSearch<T>(options);
  const internals = search as unknown as MiniSearchInternals;
  const termResults = internals.termResults.bind(search);
  internals.termResults = (...args: unknown[]) => {
    const fieldTermData = args[4] as FieldTermData;
    // Nothing was ever discarded (an index built fresh and not yet updated): no dead postings.
    if (fieldTermData && search.dirtCount > 0)
      for (const [fieldId, postings] of fieldTermData) {
        // Deleting the current key while iterating a Map is safe in JavaScript.
        for (const docId of postings.keys())
          if (!internals._documentIds.has(docId)) postings.delete(docId);
        if (postings.size === 0) fieldTermData.delete(fieldId);
      }
    return termResults(...args);
  };
  return search;
}

/**
 * The in-memory retrieval index over every phrasing a fault has collected (titles in each
 * language plus phrasings from tickets), with BM25 from MiniSearch and an inverted map from
 * concepts to faults. Built from the store at start and updated for the faults each write touches.
 */
export class RetrievalIndex {
  private readonly search: MiniSearch<{ id: string; text: string }>;
  private readonly faults = new Map<string, IndexedFault>();
  private readonly byConcept = new Map<string, Set<string>>();
  private readonly byRelatedConcept = new Map<string, Set<string>>();
  /** Terms of each indexed fault, to tell which query terms a write can affect. */
  private readonly termsOfFault = new Map<string, Set<string>>();
  /** Document frequency of each term (how many faults use it). */
  private readonly df = new Map<string, number>();
  /**
   * Sum of the faults' distinct-term counts (MiniSearch's field length). MiniSearch keeps the
   * average as a running mean, which drifts by rounding with every replace; the index sets it
   * from this exact sum instead, so BM25 depends only on the live documents, not their history.
   */
  private totalLength = 0;

  constructor(private readonly tokenizer: Tokenizer) {
    this.search = exactMiniSearch({
      fields: ['text'],
      idField: 'id',
      tokenize: (text) => tokenizer.terms(text),
      processTerm: (term) => term,
    });
  }

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
    const text = faultText(summary);
    const terms = new Set(this.tokenizer.terms(text));
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
    this.search.add({ id, text });
    this.totalLength += terms.size;
    this.syncAverageLength();
    for (const c of f.concepts) addTo(this.byConcept, c, id);
    for (const c of f.relatedConcepts) addTo(this.byRelatedConcept, c, id);
    return [...new Set([...(old ?? []), ...terms])];
  }

  /** Removes a fault (deleted from the graph); returns the terms it had. */
  remove(id: string): string[] {
    const f = this.faults.get(id);
    if (!f) return [];
    const terms = [...(this.termsOfFault.get(id) ?? [])];
    this.search.discard(id);
    for (const c of f.concepts) this.byConcept.get(c)?.delete(id);
    for (const c of f.relatedConcepts) this.byRelatedConcept.get(c)?.delete(id);
    this.faults.delete(id);
    this.termsOfFault.delete(id);
    this.totalLength -= terms.length;
    this.syncAverageLength();
    for (const t of terms) {
      const n = (this.df.get(t) ?? 1) - 1;
      if (n > 0) this.df.set(t, n);
      else this.df.delete(t);
    }
    return terms;
  }

  private syncAverageLength(): void {
    (this.search as unknown as MiniSearchInternals)._avgFieldLength[0] =
      this.faults.size > 0 ? this.totalLength / this.faults.size : 0;
  }

  /**
   * Inverse document frequency, ln(1 + N / df). A term no fault uses counts as the rarest
   * (df = 1): the question says something specific the graph has no phrasing for.
   */
  idf(term: string): number {
    // +1: an empty index still weighs terms (uniformly) rather than all at zero.
    return Math.log(1 + (this.faults.size + 1) / (this.df.get(term) ?? 1));
  }

  /**
   * The terms of a question worth looking up (see `text`). With `massShare` < 1, only the rarest
   * terms are kept, as many as carry that share of the question's squared IDF mass (over all its
   * terms): a fault sharing none of them shares less than the rest of the mass.
   */
  queryTerms(question: string, massShare = 1): string[] {
    const n = this.faults.size;
    const unique = [...new Set(this.tokenizer.terms(question))];
    const kept =
      n < LARGE_INDEX ? unique : unique.filter((t) => (this.df.get(t) ?? 0) <= COMMON_SHARE * n);
    const byIdf = kept.sort((a, b) => this.idf(b) - this.idf(a));
    if (massShare >= 1) return byIdf.slice(0, MAX_QUERY_TERMS);
    const weight = new Map(unique.map((t) => [t, this.idf(t) ** 2]));
    let total = 0;
    for (const w of weight.values()) total += w;
    const out: string[] = [];
    let mass = 0;
    for (const t of byIdf) {
      if (mass >= massShare * total || out.length === MAX_QUERY_TERMS) break;
      out.push(t);
      mass += weight.get(t)!;
    }
    return out;
  }

  /** The terms of a fault's phrasings, as indexed. */
  termsOf(id: string): ReadonlySet<string> {
    return this.termsOfFault.get(id) ?? EMPTY;
  }

  get(id: string): IndexedFault | undefined {
    return this.faults.get(id);
  }

  /**
   * BM25 hits for a question (tokenized like the faults' text), best first. Only the question's
   * most specific terms are looked up: at most `MAX_QUERY_TERMS` by IDF, leaving out terms used by
   * more than `COMMON_SHARE` of a large index. Such terms add almost nothing to BM25 but cost a walk
   * over their long posting lists (at 100k faults they dominated the time of an answer).
   */
  text(question: string, limit: number, massShare = 1): TextHit[] {
    const terms = this.queryTerms(question, massShare);
    if (terms.length === 0) return [];
    // Ties (to float noise) go to the smaller id, not to MiniSearch's insertion order: an index
    // built fresh from the store and one updated fault by fault then cut the pool at the same
    // place, so a restarted or resumed import decides exactly as an uninterrupted one.
    const results = this.search.search(
      { combineWith: 'OR', queries: terms },
      { tokenize: (t) => [t] },
    );
    // MiniSearch returns every match sorted by score; only the first `limit` (and those tied
    // with the last of them) need the tie-breaking order. A rounded score never increases down
    // a list sorted by score, so they are a prefix.
    let end = results.length;
    if (end > limit && limit > 0) {
      const cut = tieKey(results[limit - 1]!.score);
      end = limit;
      while (end < results.length && tieKey(results[end]!.score) >= cut) end++;
    }
    return results
      .slice(0, end)
      .sort((a, b) => tieKey(b.score) - tieKey(a.score) || compareIds(a.id, b.id))
      .slice(0, limit)
      .map((r) => ({ id: String(r.id), score: r.score, terms: r.terms }));
  }

  /**
   * Up to `k` faults of `ids` not in `skip`, most supporting cases first, then by id: a choice
   * that depends only on the faults, never on the order they were indexed.
   */
  mostEvidenced(ids: ReadonlySet<string>, k: number, skip: ReadonlySet<string>): string[] {
    const best: { id: string; cases: number }[] = [];
    if (k <= 0) return [];
    const before = (a: { id: string; cases: number }, b: { id: string; cases: number }) =>
      a.cases !== b.cases ? a.cases > b.cases : a.id < b.id;
    for (const id of ids) {
      if (skip.has(id)) continue;
      const c = { id, cases: this.faults.get(id)?.caseCount ?? 0 };
      if (best.length === k && !before(c, best[k - 1]!)) continue;
      let i = best.length;
      while (i > 0 && before(c, best[i - 1]!)) i--;
      best.splice(i, 0, c);
      if (best.length > k) best.pop();
    }
    return best.map((c) => c.id);
  }

  /** Faults that are instances of a concept (own concepts), or whose parts are (`related`). */
  faultsOf(conceptId: string, related = false): ReadonlySet<string> {
    return (related ? this.byRelatedConcept : this.byConcept).get(conceptId) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * A score rounded to 1e-7: MiniSearch keeps the average field length as a running mean, so the
 * same document scores a few ulps apart depending on the order faults were added and replaced.
 */
export const tieKey = (score: number): number => Math.round(score * 1e7);

function compareIds(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
/** Question terms looked up at most. */
const MAX_QUERY_TERMS = 16;
/** From this many faults on, terms used by more than COMMON_SHARE of them are not looked up. */
const LARGE_INDEX = 1000;
const COMMON_SHARE = 0.05;

function addTo(m: Map<string, Set<string>>, key: string, id: string): void {
  const s = m.get(key);
  if (s) s.add(id);
  else m.set(key, new Set([id]));
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
