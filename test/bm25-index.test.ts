import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { Bm25Index, tieKey } from '../src/answer/bm25-index.js';
import { rng } from '../bench/lib.js';

/**
 * The retrieval index's own BM25 must score exactly as MiniSearch 7 did (rankings, calibration
 * and every evaluation figure were measured with it). MiniSearch itself is the oracle: a fresh
 * instance over the live documents, whose running-mean average length is set to the exact mean
 * (the rounding drift the retrieval index always corrected).
 */
const VOCAB = [
  ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `w${c}`),
  '404',
  '2024',
  '7',
  '0',
  '01',
  '服务器',
  '宕机',
];

function oracle(docs: Map<string, string[]>, terms: string[]) {
  const search = new MiniSearch<{ id: string; terms: string[] }>({
    fields: ['terms'],
    idField: 'id',
    extractField: (doc, field) => (field === 'id' ? doc.id : doc.terms.join('\u0000')),
    tokenize: (text) => text.split('\u0000'),
    processTerm: (t) => t,
  });
  for (const [id, t] of docs) search.add({ id, terms: t });
  let total = 0;
  for (const t of docs.values()) total += new Set(t).size;
  (search as unknown as { _avgFieldLength: number[] })._avgFieldLength[0] = total / docs.size;
  return search
    .search({ combineWith: 'OR', queries: terms }, { tokenize: (t) => [t] })
    .map((r) => ({ id: String(r.id), score: r.score, terms: r.terms }))
    .sort((a, b) => tieKey(b.score) - tieKey(a.score) || (a.id < b.id ? -1 : 1));
}

function randomDoc(next: () => number): string[] {
  const n = 1 + Math.floor(next() * 12);
  // Skewed draws, so some terms are common and some rare, with repeats (term frequency > 1).
  return Array.from({ length: n }, () => VOCAB[Math.floor(next() ** 2 * VOCAB.length)]!);
}

describe('Bm25Index', () => {
  it('scores, orders and reports matched terms exactly as MiniSearch, through adds, removes and replaces', () => {
    const next = rng(7);
    const index = new Bm25Index();
    const docs = new Map<string, string[]>();
    for (let step = 0; step < 3000; step++) {
      const id = `f${Math.floor(next() * 120)}`;
      const r = next();
      if (docs.has(id)) {
        index.remove(id, docs.get(id)!);
        docs.delete(id);
      }
      if (r < 0.85) {
        const terms = randomDoc(next);
        index.add(id, terms);
        docs.set(id, terms);
      }
      if (step % 10 === 9 && docs.size > 0) {
        const query = [...new Set(randomDoc(next))];
        for (const limit of [1, 5, 50]) {
          const want = oracle(docs, query).slice(0, limit);
          expect(index.search(query, limit)).toEqual(want);
        }
      }
    }
    expect(index.size).toBe(docs.size);
  });

  it('weighs a term the query repeats as MiniSearch does: once per occurrence', () => {
    const next = rng(11);
    const index = new Bm25Index();
    const docs = new Map<string, string[]>();
    for (let i = 0; i < 200; i++) {
      const terms = randomDoc(next);
      index.add(`f${i}`, terms);
      docs.set(`f${i}`, terms);
    }
    let repeated = 0;
    for (let round = 0; round < 200; round++) {
      const query = randomDoc(next);
      const counts = new Map<string, number>();
      for (const t of query) counts.set(t, (counts.get(t) ?? 0) + 1);
      if (counts.size < query.length) repeated++;
      const got = index.search([...counts.keys()], 20, [...counts.values()]);
      // MiniSearch adds the score once per occurrence; here it is multiplied by the count, so the
      // floats may differ in the last bits.
      const want = oracle(docs, query).slice(0, 20);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 9));
      expect(got.map((h) => [...h.terms].sort())).toEqual(want.map((h) => [...h.terms].sort()));
    }
    expect(repeated).toBeGreaterThan(50);
    expect(() => index.search(['wa', 'wb'], 5, [2])).toThrow(/one count per query term/);
    for (const bad of [0, 0.5, -1, NaN, Infinity])
      expect(() => index.search(['wa', 'wb'], 5, [1, bad])).toThrow(/at least 1/);
  });

  it('reuses the slots of removed documents without mixing their postings into new ones', () => {
    const index = new Bm25Index();
    for (let round = 0; round < 50; round++) {
      index.add('a', ['disk', 'full']);
      index.add('b', ['disk']);
      // Reading the list compacts it and frees the removed slots for the next round.
      expect(index.search(['full'], 10).map((h) => h.id)).toEqual(['a']);
      index.remove('a', ['disk', 'full']);
      index.remove('b', ['disk']);
    }
    expect(index.size).toBe(0);
    expect(index.documentFrequency('disk')).toBe(0);
    index.add('c', ['network']);
    expect(index.search(['disk', 'full', 'network'], 10).map((h) => h.id)).toEqual(['c']);
  });

  it('keeps no list or slot for documents removed and never searched for', () => {
    const index = new Bm25Index();
    index.add('keep', ['printer', 'jam']);
    for (let i = 0; i < 100; i++) {
      // Each removed document has a term nothing else has and no query ever reads.
      index.add(`gone-${i}`, ['printer', `serial-${i}`]);
      index.remove(`gone-${i}`, ['printer', `serial-${i}`]);
    }
    // The unique terms' lists are gone; the shared list may hold one dead entry (it is compacted
    // once more than half dead), so slots are reused rather than one allocated per document.
    expect(index.footprint.terms).toBe(2);
    expect(index.footprint.slots).toBeLessThanOrEqual(3);
    expect(index.search(['printer'], 5).map((h) => h.id)).toEqual(['keep']);
  });

  it('keeps ties by id whatever order the documents were added in', () => {
    const forward = new Bm25Index();
    const backward = new Bm25Index();
    const ids = Array.from({ length: 30 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    for (const id of ids) forward.add(id, ['printer', 'jam']);
    for (const id of [...ids].reverse()) backward.add(id, ['printer', 'jam']);
    const top = (i: Bm25Index) => i.search(['jam'], 5).map((h) => h.id);
    expect(top(forward)).toEqual(['f00', 'f01', 'f02', 'f03', 'f04']);
    expect(top(backward)).toEqual(top(forward));
  });

  it('refuses a document added twice and more query terms than it can track', () => {
    const index = new Bm25Index();
    index.add('a', ['x']);
    expect(() => index.add('a', ['y'])).toThrow(/already indexed/);
    const many = Array.from({ length: 33 }, (_, i) => `t${i}`);
    expect(() => index.search(many, 5)).toThrow(/at most 32/);
  });
});
