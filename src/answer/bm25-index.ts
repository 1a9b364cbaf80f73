/**
 * An inverted index with BM25 scoring, built for the two hot paths that search every phrasing a
 * fault has collected: answering a question and entity resolution during an import.
 *
 * It replaces MiniSearch there (MiniSearch stays the baseline of `kg eval repeat`). MiniSearch
 * keeps each posting list as a `Map` and builds a result `Map` per query term, then merges them;
 * at 100k faults that was four fifths of an uncached answer. Here postings are plain arrays of
 * document slots and term frequencies, scores accumulate in one typed array indexed by slot, and
 * only the documents that can make the top of the ranking (found with a bounded heap) are sorted.
 *
 * Scores are MiniSearch 7's exactly for queries of distinct terms (same BM25+ formula and
 * parameters, same order of floating-point additions, the same multiplication by the number of
 * matched query terms), so rankings, calibration and every evaluation figure were unchanged by the
 * switch; `test/bm25-index.test.ts` checks this against MiniSearch itself. A term the query repeats
 * is multiplied by its count where MiniSearch adds it once per occurrence: the same to the last
 * bits or so (tested too).
 *
 * Removal is lazy: a removed document's slot is marked dead and each posting list that holds it
 * counts one dead entry. A list is compacted when a query reads it (so document frequencies count
 * only live documents) or once more than half of it is dead; an emptied list is dropped, and a
 * slot is reused once no list refers to it. Replacing a fault's text therefore never walks the
 * long lists of common terms, and memory stays proportional to the live documents.
 */

/** BM25+ parameters: MiniSearch 7's defaults. */
const K = 1.2;
const B = 0.7;
const D = 0.5;
/** Query terms per search at most: matches are recorded as a 32-bit mask per document. */
export const MAX_TERMS = 32;

interface Posting {
  slots: number[];
  freqs: number[];
  /** Entries whose slot is dead (the document was removed or replaced). */
  dead: number;
}

export interface Bm25Hit {
  id: string;
  /** BM25+ summed over the matched terms, times their number (as MiniSearch scores). */
  score: number;
  /** Query terms the document contains, in MiniSearch's order (see `matchedTerms`). */
  terms: string[];
}

export class Bm25Index {
  private readonly slotOf = new Map<string, number>();
  private readonly postings = new Map<string, Posting>();
  private ids: (string | undefined)[] = [];
  /** Distinct terms of the document in each slot (MiniSearch's field length). */
  private lengths = new Float64Array(1024);
  private alive = new Uint8Array(1024);
  /** Posting entries that still refer to each dead slot; at 0 the slot is free again. */
  private refs = new Int32Array(1024);
  private readonly free: number[] = [];
  private nextSlot = 0;
  private totalLength = 0;
  // Scratch space of `search`, kept between calls (sized like the slot arrays).
  private acc = new Float64Array(1024);
  private mask = new Uint32Array(1024);

  /** Live documents. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Terms with a posting list, and document slots ever allocated (for tests and stats). */
  get footprint(): { terms: number; slots: number } {
    return { terms: this.postings.size, slots: this.nextSlot };
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds a document with the terms of its text (repeats count as term frequency). */
  add(id: string, terms: readonly string[]): void {
    if (this.slotOf.has(id)) throw new Error(`Bm25Index: document ${id} is already indexed`);
    const freq = new Map<string, number>();
    for (const t of terms) if (t) freq.set(t, (freq.get(t) ?? 0) + 1);
    const slot = this.allocate();
    this.slotOf.set(id, slot);
    this.ids[slot] = id;
    this.alive[slot] = 1;
    // MiniSearch's field length counts distinct tokens, including any empty one.
    const length = new Set(terms).size;
    this.lengths[slot] = length;
    this.totalLength += length;
    for (const [term, n] of freq) {
      let p = this.postings.get(term);
      if (!p) {
        p = { slots: [], freqs: [], dead: 0 };
        this.postings.set(term, p);
      } else if (p.dead > p.slots.length / 2) this.compact(p);
      p.slots.push(slot);
      p.freqs.push(n);
    }
    this.refs[slot] = freq.size;
  }

  /**
   * Removes a document; `terms` must be the terms it was added with (the caller keeps them for
   * its own bookkeeping, so the index does not store them twice).
   */
  remove(id: string, terms: Iterable<string>): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.alive[slot] = 0;
    this.totalLength -= this.lengths[slot]!;
    if (this.refs[slot] === 0) this.free.push(slot);
    for (const t of new Set(terms)) {
      const p = this.postings.get(t);
      if (!p) continue;
      p.dead++;
      // Lists more than half dead are compacted here too, not only when read or grown: the list
      // of a term only removed documents had would otherwise keep them (and their slots) forever.
      if (p.dead * 2 > p.slots.length) {
        this.compact(p);
        if (p.slots.length === 0) this.postings.delete(t);
      }
    }
  }

  /** How many live documents contain `term`. */
  documentFrequency(term: string): number {
    const p = this.postings.get(term);
    if (!p) return 0;
    if (p.dead > 0) this.compact(p);
    return p.slots.length;
  }

  /**
   * The best `limit` documents for the query terms (each looked up as is, any one may match),
   * by score (rounded by `tieKey`) and then by id: the same order whatever order the documents
   * were added in.
   *
   * Terms are scored one after another (term at a time). Before a long posting list, if the
   * `limit`-th best score so far already beats what a document not yet seen could still reach
   * (every remaining term at its largest possible BM25+ contribution, times their number), that
   * list and the rest only add to documents already seen: the top cannot change, and the lists
   * of common terms, read last when the terms come rarest first, stop creating candidates.
   *
   * `counts[q]` (default 1) is how often the query holds `terms[q]`: its contribution is
   * multiplied by it, as MiniSearch adds a term's score once per occurrence in the query (a long
   * question that keeps naming "BouncyCastle" is about BouncyCastle).
   */
  search(terms: readonly string[], limit: number, counts?: readonly number[]): Bm25Hit[] {
    if (terms.length > MAX_TERMS) throw new Error(`Bm25Index: at most ${MAX_TERMS} query terms`);
    if (counts && counts.length !== terms.length)
      throw new Error('Bm25Index: one count per query term');
    // A count below 1 would still count the term as matched (the multiplier) without its weight.
    if (counts?.some((c) => !(c >= 1) || !Number.isFinite(c)))
      throw new Error('Bm25Index: query term counts must be finite and at least 1');
    const n = this.size;
    if (n === 0 || limit <= 0) return [];
    const avg = this.totalLength / n;
    const { acc, mask, lengths } = this;
    const lists: (Posting | undefined)[] = terms.map((t) => this.postings.get(t));
    const idfs = lists.map((p) => {
      if (!p) return 0;
      if (p.dead > 0) this.compact(p);
      const df = p.slots.length;
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    });
    if (counts) for (let q = 0; q < terms.length; q++) idfs[q] = idfs[q]! * counts[q]!;
    // reach[q]: the most a document seen by none of terms[0..q) can score from terms[q..].
    const reach = new Float64Array(terms.length + 1);
    for (let q = terms.length - 1, sum = 0, count = 0; q >= 0; q--) {
      if (lists[q]) {
        sum += idfs[q]! * (D + K + 1); // BM25+ as the term frequency grows without bound
        count++;
      }
      reach[q] = sum * count;
    }
    const touched: number[] = [];
    let closed = false;
    for (let q = 0; q < terms.length; q++) {
      const p = lists[q];
      if (!p) continue;
      const { slots, freqs } = p;
      const df = slots.length;
      if (!closed && touched.length >= limit && df > touched.length)
        closed = reach[q]! * (1 + 1e-9) + 1e-6 < this.kthScore(touched, limit);
      const idf = idfs[q]!;
      const bit = 1 << q;
      for (let i = 0; i < df; i++) {
        const slot = slots[i]!;
        if (closed && mask[slot] === 0) continue;
        const tf = freqs[i]!;
        // MiniSearch's expression, operation for operation, so the floats are identical.
        const s = idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * lengths[slot]!) / avg)));
        if (mask[slot] === 0) {
          touched.push(slot);
          acc[slot] = s;
        } else acc[slot] = acc[slot]! + s;
        mask[slot] = mask[slot]! | bit;
      }
    }
    const hits = this.top(touched, limit);
    const out = hits.map((slot) => ({
      id: this.ids[slot]!,
      score: acc[slot]! * popcount(mask[slot]!),
      terms: matchedTerms(terms, mask[slot]!),
    }));
    for (const slot of touched) mask[slot] = 0;
    return out;
  }

  /**
   * The `limit`-th best score so far among the touched documents (scores only grow as more
   * terms are read, so it is a lower bound of the final one).
   */
  private kthScore(touched: number[], limit: number): number {
    const heap = new Float64Array(limit);
    let size = 0;
    for (const slot of touched) {
      const score = this.acc[slot]! * popcount(this.mask[slot]!);
      if (size < limit) heapPush(heap, size++, score);
      else if (score > heap[0]!) heapReplaceTop(heap, size, score);
    }
    return heap[0]!;
  }

  /** Slots of the best `limit` touched documents, best first (ties by id). */
  private top(touched: number[], limit: number): number[] {
    const { acc, mask } = this;
    // The limit-th best raw score; a document ranked by `tieKey` among the best `limit` scores at
    // least that minus the rounding (1e-7; the margin is ten times that), so only those are keyed
    // and sorted.
    const floor = touched.length > limit ? this.kthScore(touched, limit) - 1e-6 : -Infinity;
    const chosen: { slot: number; key: number; id: string }[] = [];
    for (const slot of touched) {
      const score = acc[slot]! * popcount(mask[slot]!);
      if (score >= floor) chosen.push({ slot, key: tieKey(score), id: this.ids[slot]! });
    }
    chosen.sort((a, b) => b.key - a.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return chosen.slice(0, limit).map((c) => c.slot);
  }

  /** Drops a posting list's dead entries, freeing slots no list refers to any more. */
  private compact(p: Posting): void {
    const { alive, refs } = this;
    let w = 0;
    for (let r = 0; r < p.slots.length; r++) {
      const slot = p.slots[r]!;
      if (alive[slot]) {
        p.slots[w] = slot;
        p.freqs[w++] = p.freqs[r]!;
      } else if ((refs[slot] = refs[slot]! - 1) === 0) this.free.push(slot);
    }
    p.slots.length = w;
    p.freqs.length = w;
    p.dead = 0;
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.nextSlot++;
    if (slot >= this.lengths.length) {
      const size = this.lengths.length * 2;
      this.lengths = grow(this.lengths, new Float64Array(size));
      this.alive = grow(this.alive, new Uint8Array(size));
      this.refs = grow(this.refs, new Int32Array(size));
      this.acc = grow(this.acc, new Float64Array(size));
      this.mask = grow(this.mask, new Uint32Array(size));
    }
    return slot;
  }
}

/**
 * A score rounded to 1e-7, for ordering: scores summed in a different order (ranking adds BM25,
 * concept and evidence parts) may differ by a few ulps for what is the same match.
 */
export const tieKey = (score: number): number => Math.round(score * 1e7);

function grow<T extends Float64Array | Uint8Array | Int32Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The matched query terms in the order MiniSearch reports them (`Object.keys` of its match
 * object): array-index-like keys ("404", "2024") first in numeric order, then the rest in query
 * order. Ranking sums IDF over them, so the order decides the last bit of that sum.
 */
function matchedTerms(terms: readonly string[], bits: number): string[] {
  const indexLike: string[] = [];
  const rest: string[] = [];
  for (let q = 0; q < terms.length; q++)
    if (bits & (1 << q)) (isArrayIndex(terms[q]!) ? indexLike : rest).push(terms[q]!);
  if (indexLike.length === 0) return rest;
  indexLike.sort((a, b) => Number(a) - Number(b));
  return [...indexLike, ...rest];
}

function isArrayIndex(s: string): boolean {
  return /^(0|[1-9]\d{0,9})$/.test(s) && Number(s) < 2 ** 32 - 1;
}

function heapPush(heap: Float64Array, size: number, key: number): void {
  let i = size;
  heap[i] = key;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= heap[i]!) break;
    [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
    i = parent;
  }
}

function heapReplaceTop(heap: Float64Array, size: number, key: number): void {
  heap[0] = key;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < size && heap[l]! < heap[m]!) m = l;
    if (r < size && heap[r]! < heap[m]!) m = r;
    if (m === i) return;
    [heap[m], heap[i]] = [heap[i]!, heap[m]!];
    i = m;
  }
}
