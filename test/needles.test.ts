import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NeedleSet } from '../src/text/needles.js';

/** The cue lexicons' prefilter: which needles occur, in one pass, exactly as `includes` says. */
describe('NeedleSet', () => {
  const found = (set: NeedleSet, text: string) =>
    set.needles.filter((_, i) => set.find(text)[i] === 1);

  it('finds overlapping, nested and repeated needles, in Latin and Han', () => {
    const set = new NeedleSet(['ok', 'okay', 'kay', 'he', 'she', 'hers', '报错', '错误', '宕机']);
    expect(found(set, 'okay, she said')).toEqual(['ok', 'okay', 'kay', 'he', 'she']);
    expect(found(set, 'ushers')).toEqual(['he', 'she', 'hers']);
    expect(found(set, '登录报错误')).toEqual(['报错', '错误']);
    expect(found(set, '')).toEqual([]);
    expect(() => new NeedleSet(['a', ''])).toThrow(/empty needle/);
  });

  it('agrees with String.includes on random needles and texts', () => {
    const alphabet = fc.constantFrom('a', 'b', 'c', ' ', '错', '报', '\u{1F600}');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 30 }),
        fc.array(
          fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join('')),
          {
            maxLength: 10,
          },
        ),
        (needles, texts) => {
          const set = new NeedleSet(needles);
          for (const text of texts)
            expect(found(set, text)).toEqual(needles.filter((n) => text.includes(n)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
