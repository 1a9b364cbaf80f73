import { describe, expect, it } from 'vitest';
import { ConceptCatalog } from '../src/answer/concept-catalog.js';
import { approximateDistance, TermMatcher } from '../src/answer/term-matcher.js';
import { Tokenizer } from '../src/text/index.js';

/**
 * Concept terms found in text: exactly (substrings in Han, stemmed word sequences in Latin), and
 * approximately for the phrasings nobody wrote down as an alias.
 */
const tokenizer = new Tokenizer();

function matcher(approximate: boolean): TermMatcher<string> {
  const m = new TermMatcher<string>(tokenizer, { approximate });
  for (const [term, value] of [
    ['账户被锁定', 'account-locked'],
    ['超过转账限额', 'transfer-limit'],
    ['钱没到账', 'transfer-pending'],
    ['对方没收到', 'transfer-pending'],
    ['磁盘只读', 'disk-failure'],
    ['宕机', 'server-down'],
    ['account locked', 'account-locked'],
    ["won't charge", 'charging-failure'],
    ['power supply failure', 'psu'],
  ] as const)
    m.add(term, value);
  return m;
}

const found = (m: TermMatcher<string>, text: string) =>
  m.match(text).map((x) => `${x.value}${x.approximate ? '~' : ''}`);

describe('approximateDistance', () => {
  it('charges 0.5 for an extra character in the text and 1 for a missing or different one', () => {
    expect(approximateDistance('超过转账限额', '提示超过转账限额了', 1.5)).toBe(0);
    expect(approximateDistance('超过转账限额', '提示超过当日转账限额', 1.5)).toBe(1);
    expect(approximateDistance('账户被锁定', '现在提示账户已锁定', 1)).toBe(1);
    expect(approximateDistance('磁盘只读', '磁盘变成只读', 1)).toBe(1);
  });

  it('anchors both ends and never adds, drops or changes a negation', () => {
    expect(approximateDistance('钱没到账', '是不是没到账', 2)).toBe(Infinity);
    expect(approximateDistance('对方没收到', '对方已经收到了', 2)).toBeGreaterThan(2);
    expect(approximateDistance('账户被锁定', '账户没被锁定', 2)).toBeGreaterThan(2);
  });
});

describe('TermMatcher', () => {
  it('matches exactly only, unless asked to approximate', () => {
    const exact = matcher(false);
    expect(found(exact, '现在提示账户已锁定')).toEqual([]);
    expect(found(exact, '服务器宕机了')).toEqual(['server-down']);
    expect(found(exact, 'My ACCOUNT suddenly LOCKED')).toEqual([]);
    expect(found(exact, 'My ACCOUNT is LOCKED')).toEqual(['account-locked']); // "is" is a stop word
  });

  it('finds Han terms said with small differences, marked approximate', () => {
    const m = matcher(true);
    expect(found(m, '密码试了好几次，现在提示账户已锁定')).toEqual(['account-locked~']);
    expect(found(m, '给家里转5万块，提示“超过当日转账限额”')).toEqual(['transfer-limit~']);
    expect(found(m, '数据盘突然变成只读')).toEqual([]); // 磁 is missing: the first character
    expect(found(m, '磁盘突然变成只读')).toEqual([]); // two extra characters in a 4-character term
    expect(found(m, '磁盘变成只读')).toEqual(['disk-failure~']);
  });

  it('keeps exact matches exact and does not add an approximate one for the same value', () => {
    const m = matcher(true);
    expect(found(m, '转账后钱没到账，对方没收到')).toEqual([
      'transfer-pending',
      'transfer-pending',
    ]);
    expect(found(m, '转账后钱没到账，对方说没有收到')).toEqual(['transfer-pending']);
  });

  it('never approximates across a negation or from a short term', () => {
    const m = matcher(true);
    expect(found(m, '对方已经收到了')).toEqual([]);
    expect(found(m, '是不是没到账')).toEqual([]);
    expect(found(m, '账户没被锁定')).toEqual([]);
    expect(found(m, '宕了机')).toEqual([]); // two characters: exact only
  });

  it('finds Latin terms with one extra word among theirs, in order, but never a negated term', () => {
    const m = matcher(true);
    expect(found(m, 'My account suddenly locked this morning')).toEqual(['account-locked~']);
    expect(found(m, 'the power supply showed a failure')).toEqual(['psu~']);
    expect(found(m, 'the power supply unit showed failure')).toEqual([]); // two extra words
    expect(found(m, 'locked my account')).toEqual([]); // order matters
    expect(found(m, 'account not locked')).toEqual([]); // the extra word is a negation
    expect(found(m, 'Advised not gaming while charging')).toEqual([]); // "won't charge" is negated
    expect(found(m, "it won't charge")).toEqual(['charging-failure']);
  });
});

describe('ConceptCatalog.match', () => {
  it('gives the same matches for a text it remembers, unaffected by what a caller did to them', () => {
    const catalog = new ConceptCatalog(
      [
        {
          id: 'server-down',
          type: 'Fault',
          labels: { zh: '服务器宕机', en: 'server down' },
          aliases: { zh: ['宕机'], en: ['server crashed'] },
          parents: [],
        },
        {
          id: 'power-module',
          type: 'Component',
          labels: { zh: '电源模块', en: 'power module' },
          aliases: { zh: [], en: ['power supply'] },
          parents: [],
        },
      ],
      tokenizer,
    );
    const text = 'The server crashed, the power supply smells burnt. 机房服务器宕机';
    const ids = (ms: { conceptId: string }[]) => ms.map((m) => m.conceptId).sort();
    const first = catalog.match(text);
    expect(ids(first)).toEqual(['power-module', 'server-down']);
    // The first call computes, the next ones remember; a caller changing its copy changes nothing.
    for (let i = 0; i < 3; i++) {
      const again = catalog.match(text);
      expect(again).toEqual(first);
      again[0]!.conceptId = 'changed';
      again.pop();
    }
  });
});
