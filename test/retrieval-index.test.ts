import { describe, expect, it } from 'vitest';
import { RetrievalIndex } from '../src/answer/retrieval-index.js';
import type { FaultSummary } from '../src/graph/store.js';
import { Tokenizer } from '../src/text/index.js';

const tokenizer = new Tokenizer();

const fault = (id: string, phrasings: string[]): FaultSummary => ({
  id,
  type: 'Fault',
  props: { title: phrasings[0]!, phrasings: phrasings.slice(1), state: 'NOT_VALIDATED' },
  concepts: [],
  relatedConcepts: [],
  caseCount: phrasings.length,
});

/** Faults whose phrasings grow one ticket at a time, as merges add them. */
function history(): FaultSummary[][] {
  const rounds: FaultSummary[][] = [];
  const texts: Record<string, string[]> = {
    'flt-a': ['router light blinks red', 'router drops the internet every hour'],
    'flt-b': ['tv shows no signal after rewiring', 'set-top box on, tv says no signal'],
    'flt-c': ['camera app black screen error 5519', 'camera opens to a black screen'],
    'flt-d': ['电视显示无信号', '机顶盒开机后电视一直显示无信号'],
    'flt-e': ['router reboots by itself', 'router light red then reboots'],
  };
  for (let round = 1; round <= 6; round++) {
    rounds.push(
      Object.entries(texts).map(([id, base]) =>
        fault(id, [
          ...base,
          ...Array.from({ length: round }, (_, i) => `${base[i % 2]!} case ${round}-${i}`),
        ]),
      ),
    );
  }
  return rounds;
}

describe('RetrievalIndex', () => {
  it('scores an index updated fault by fault exactly as one built fresh from the final faults', () => {
    const rounds = history();
    // A fault added first and never changed: its postings come before the replaced ones'.
    const steady = fault('flt-0', ['router light blinks red and the tv has no signal']);
    const updated = new RetrievalIndex(tokenizer);
    updated.upsert(steady);
    for (const round of rounds) for (const f of round) updated.upsert(f);
    const fresh = new RetrievalIndex(tokenizer);
    for (const f of [steady, ...rounds.at(-1)!]) fresh.upsert(f);
    for (const q of [
      'router light blinks red',
      'tv no signal after rewiring the set-top box',
      'black screen camera',
      '电视无信号',
      'router case',
    ]) {
      const a = updated.text(q, 10);
      const b = fresh.text(q, 10);
      expect(
        a.map((h) => h.id),
        q,
      ).toEqual(b.map((h) => h.id));
      // Exactly equal, not close: scores must not depend on the index's history.
      a.forEach((h, i) => expect(h.score, `${q}: ${h.id}`).toBe(b[i]!.score));
    }
  });

  it('breaks score ties by id, not by the order faults were added', () => {
    const twins = ['flt-2', 'flt-1', 'flt-3'].map((id) => fault(id, ['printer jams on page two']));
    const forward = new RetrievalIndex(tokenizer);
    for (const f of twins) forward.upsert(f);
    const backward = new RetrievalIndex(tokenizer);
    for (const f of [...twins].reverse()) backward.upsert(f);
    expect(forward.text('printer jams', 2).map((h) => h.id)).toEqual(['flt-1', 'flt-2']);
    expect(backward.text('printer jams', 2).map((h) => h.id)).toEqual(['flt-1', 'flt-2']);
  });

  it('picks the best-evidenced faults of a set, whatever order they were indexed in', () => {
    const faults = [3, 1, 4, 1, 5, 9, 2, 6].map((cases, i) => ({
      ...fault(`flt-${i}`, ['modem is hot']),
      concepts: ['c-overheat'],
      caseCount: cases,
    }));
    const forward = new RetrievalIndex(tokenizer);
    for (const f of faults) forward.upsert(f);
    const backward = new RetrievalIndex(tokenizer);
    for (const f of [...faults].reverse()) backward.upsert(f);
    const top = (index: RetrievalIndex, k: number, skip = new Set<string>()) =>
      index.mostEvidenced('c-overheat', false, k, skip);
    const skip = new Set(['flt-5']);
    // 9 cases is skipped; then 6, 5, 4; flt-1 and flt-3 tie at 1 case: the smaller id first.
    expect(top(forward, 4, skip)).toEqual(['flt-7', 'flt-4', 'flt-2', 'flt-0']);
    expect(top(backward, 4, skip)).toEqual(top(forward, 4, skip));
    expect(top(forward, 8).slice(-2)).toEqual(['flt-1', 'flt-3']);
    expect(top(forward, 0)).toEqual([]);
    expect(forward.mostEvidenced('c-overheat', true, 4, skip)).toEqual([]);
    // A fault gaining cases moves up; one removed leaves the order.
    forward.upsert({ ...faults[3]!, caseCount: 7 });
    forward.remove('flt-7');
    expect(top(forward, 3, skip)).toEqual(['flt-3', 'flt-4', 'flt-2']);
    expect([...forward.faultsOf('c-overheat')].sort()).toEqual(
      faults.map((f) => f.id).filter((id) => id !== 'flt-7'),
    );
  });
});

describe('RetrievalIndex concept lists', () => {
  it('counts a fault once for a concept it lists twice, and forgets it when removed', () => {
    const index = new RetrievalIndex(tokenizer);
    const twice = { ...fault('flt-1', ['modem is hot']), concepts: ['c-heat', 'c-heat'] };
    index.upsert(twice);
    index.upsert({ ...twice, caseCount: 5 });
    expect(index.mostEvidenced('c-heat', false, 10, new Set())).toEqual(['flt-1']);
    index.remove('flt-1');
    expect(index.mostEvidenced('c-heat', false, 10, new Set())).toEqual([]);
    expect(index.faultsOf('c-heat').size).toBe(0);
  });
});

describe('RetrievalIndex.queryTerms with a mass share', () => {
  const index = new RetrievalIndex(tokenizer);
  // "router" is in every fault (IDF low); "firmware" in two; "kdevtmpfsi" in one.
  for (let i = 0; i < 20; i++) index.upsert(fault(`f${i}`, [`router problem number ${i}`]));
  index.upsert(fault('g1', ['router firmware kdevtmpfsi']));
  index.upsert(fault('g2', ['router firmware update']));
  const question = 'router firmware kdevtmpfsi';
  const mass = (terms: string[]) => terms.reduce((a, t) => a + index.idf(t) ** 2, 0);

  it('keeps every specific term by default, rarest first', () => {
    expect(index.queryTerms(question)).toEqual(['kdevtmpfsi', 'firmwar', 'router']);
  });

  it('keeps only the rarest terms that carry the share, so what it leaves out carries less than the rest', () => {
    const all = tokenizer.terms(question);
    for (const share of [0.3, 0.64, 0.9]) {
      const kept = index.queryTerms(question, share);
      const left = all.filter((t) => !kept.includes(t));
      expect(mass(kept)).toBeGreaterThanOrEqual(share * mass(all));
      // Minimal: without its last (most common) term the prefix would not carry the share.
      expect(mass(kept.slice(0, -1))).toBeLessThan(share * mass(all));
      expect(mass(left)).toBeLessThanOrEqual((1 - share) * mass(all) + 1e-9);
    }
    expect(index.queryTerms(question, 0.3)).toEqual(['kdevtmpfsi']);
    // A share of 0 (a merge threshold reachable without text) still looks up the rarest term:
    // a fault sharing it could score as high as the threshold.
    expect(index.queryTerms(question, 0)).toEqual(['kdevtmpfsi']);
  });
});

describe('RetrievalIndex.text with more matches than the limit', () => {
  it('cuts ties by id, whatever order the faults were indexed in', () => {
    const index = new RetrievalIndex(tokenizer);
    const ids = Array.from({ length: 30 }, (_, i) => `f${String(i).padStart(2, '0')}`);
    // Indexed in reverse: MiniSearch alone would return equal scores in insertion order.
    for (const id of [...ids].reverse()) index.upsert(fault(id, ['router blinks red']));
    index.upsert(fault('g', ['router blinks red and green lights on the router']));
    const hits = index.text('router blinks red', 5).map((h) => h.id);
    expect(hits).toEqual(['f00', 'f01', 'f02', 'f03', 'f04']);
  });
});

describe('RetrievalIndex.text on long questions', () => {
  const index = new RetrievalIndex(tokenizer);
  index.upsert(fault('bc', ['upgrade bouncycastle library']));
  index.upsert(fault('jk', ['upgrade jackson library']));
  for (let i = 0; i < 10; i++) index.upsert(fault(`x${i}`, [`unrelated ticket ${i}`]));

  it('weighs a term by how often the question uses it', () => {
    // Both terms once: a tie, broken by id.
    expect(index.text('bouncycastle jackson', 2).map((h) => h.id)).toEqual(['bc', 'jk']);
    // The question keeps coming back to jackson: that is what it is about.
    const repeated = 'jackson bouncycastle: jackson jackson';
    expect(index.termCounts(repeated)).toEqual(
      new Map([
        ['jackson', 3],
        ['bouncycastl', 1],
      ]),
    );
    expect(index.text(repeated, 2).map((h) => h.id)).toEqual(['jk', 'bc']);
  });

  it('looks up as many of the question terms as the text search can track', () => {
    const words = Array.from(
      { length: 40 },
      (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`,
    );
    index.upsert(fault('w', [words.slice(20).join(' ')]));
    // 40 distinct terms, none in any fault but "w"'s last twenty: 32 are looked up.
    expect(index.queryTerms(words.join(' '))).toHaveLength(32);
  });
});

describe('RetrievalIndex.text with common question terms', () => {
  it('looks up terms most faults use too: they tell apart the faults a rare term finds', () => {
    const index = new RetrievalIndex(tokenizer);
    // 1,200 faults: "hadoop" in a quarter of them, "thirdparty" in twelve; the one about
    // upgrading to thirdparty 1.1.1 is the longest of the twelve, so "thirdparty" alone ranks it
    // last of them.
    for (let i = 0; i < 1200; i++)
      index.upsert(
        fault(`f${String(i).padStart(4, '0')}`, [`${i % 4 === 0 ? 'hadoop ' : ''}report ${i}`]),
      );
    for (let i = 0; i < 11; i++) index.upsert(fault(`t${i}`, [`thirdparty license ${i}`]));
    index.upsert(fault('target', ['upgrade the hadoop build to thirdparty 1.1.1 release please']));
    expect(index.queryTerms('use hadoop thirdparty 1.1.1')).toContain('hadoop');
    expect(index.text('use hadoop thirdparty 1.1.1', 5)[0]!.id).toBe('target');
  });
});
