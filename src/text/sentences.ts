import { isHanAt } from './script.js';

/** Terminators that always end a sentence, full-width and ASCII forms alike. */
const STRONG_TERMINATORS = new Set(['。', '｡', '！', '!', '？', '?', '；', ';']);
/** Full stops that only end a sentence when followed by a space, the end, or a Han character. */
const PERIODS = new Set(['.', '．']);
const LINE_BREAKS = new Set(['\n', '\r', '\u000b', '\u000c', '\u0085', '\u2028', '\u2029']);
/** Closing quotes/brackets that stay with the sentence they close: `他说：“好了。”` */
const CLOSERS = new Set(['"', "'", '”', '’', '」', '』', ')', '）', ']', '】', '》', '〉', '}']);
/** ASCII terminators, which also occur inside URLs and code (`?id=3`, `a!=b`, `x=1;y=2`). */
const ASCII_TERMINATORS = new Set(['!', '?', ';']);
const WORD_BEFORE = /[A-Za-z0-9_]/;
const WORD_AFTER = /[A-Za-z0-9_=&/%]/;
const SPACE = /\s/;
const HAS_CONTENT = /[\p{L}\p{N}]/u;
const ABBREVIATION_CHAR = /[A-Za-z.]/;

/**
 * Lower-cased abbreviations (without their final dot) after which a `.` does not end a
 * sentence. Deliberately short: every entry also stops a real sentence end ("…, B, etc. Then")
 * from being split, so only forms that are far more often mid-sentence are listed.
 */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'cf',
  'al',
  'approx',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'inc',
  'ltd',
  'corp',
  'dept',
  'fig',
  'a.m',
  'p.m',
]);
/** Longest entry of {@link ABBREVIATIONS}; bounds the look-back so splitting stays linear. */
const MAX_ABBREVIATION_LENGTH = 6;

/**
 * Splits mixed Chinese/English text into sentences.
 *
 * Splits after 。！？!?；; (full-width and ASCII — except an ASCII `!?;` squeezed between word
 * characters as in `?id=3`, `a!=b`), on every line break, and after `.` (or the
 * full-width `．`) when it is followed by whitespace, the end of the text or a Han character.
 * So decimals and versions (`3.5`, `v2.1`, `example.com`) are never split, and neither is a `.`
 * that ends one of a short list of abbreviations (`e.g.`, `i.e.`, `etc.`, `Mr.`, `Dr.`, `vs.`, …).
 * Runs of terminators (`?!`, `...`) and closing quotes/brackets right after a terminator stay
 * with the sentence. Each sentence is trimmed; pieces without any letter or digit (empty lines,
 * a lone `!!`) are dropped.
 *
 * Limits: a heuristic, not a parser. An abbreviation at a real sentence end does not split
 * ("…, B, etc. Then"); a number or initial followed by `. ` does ("version 3. Then", "J. Smith");
 * an ellipsis followed by a space splits; quotes are not balanced. Runs in one pass over the text
 * with bounded look-back, i.e. linear time and no regex backtracking.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const push = (from: number, to: number): void => {
    const sentence = text.slice(from, to).trim();
    if (sentence !== '' && HAS_CONTENT.test(sentence)) sentences.push(sentence);
  };

  const n = text.length;
  let start = 0;
  let i = 0;
  while (i < n) {
    const c = text.charAt(i);
    if (LINE_BREAKS.has(c)) {
      push(start, i);
      i += 1;
      start = i;
    } else if (STRONG_TERMINATORS.has(c) && !insideToken(text, i)) {
      let end = i + 1;
      while (end < n) {
        const d = text.charAt(end);
        if (!STRONG_TERMINATORS.has(d) && !PERIODS.has(d) && !CLOSERS.has(d)) break;
        end += 1;
      }
      push(start, end);
      start = end;
      i = end;
    } else if (PERIODS.has(c)) {
      let dotsEnd = i + 1;
      while (dotsEnd < n && PERIODS.has(text.charAt(dotsEnd))) dotsEnd += 1;
      let end = dotsEnd;
      while (end < n && CLOSERS.has(text.charAt(end))) end += 1;
      const endsSentence =
        end >= n ||
        SPACE.test(text.charAt(end)) ||
        STRONG_TERMINATORS.has(text.charAt(end)) ||
        isHanAt(text, end);
      const single = dotsEnd === i + 1;
      if (endsSentence && !(single && followsAbbreviation(text, start, i))) {
        push(start, end);
        start = end;
        i = end;
      } else {
        i = dotsEnd;
      }
    } else {
      i += 1;
    }
  }
  push(start, n);
  return sentences;
}

/**
 * Whether the ASCII `!`, `?` or `;` at `i` sits between word characters, as in a URL query or
 * code, rather than ending a sentence. Full-width terminators always end a sentence.
 */
function insideToken(text: string, i: number): boolean {
  return (
    ASCII_TERMINATORS.has(text.charAt(i)) &&
    WORD_BEFORE.test(text.charAt(i - 1)) &&
    WORD_AFTER.test(text.charAt(i + 1))
  );
}

/** Whether the word ending right before the `.` at `dot` is a known abbreviation. */
function followsAbbreviation(text: string, sentenceStart: number, dot: number): boolean {
  const limit = Math.max(sentenceStart, dot - MAX_ABBREVIATION_LENGTH - 1);
  let from = dot;
  while (from > limit && ABBREVIATION_CHAR.test(text.charAt(from - 1))) from -= 1;
  // Ran into the look-back limit inside a longer word: not an abbreviation.
  if (from === limit && from > sentenceStart && ABBREVIATION_CHAR.test(text.charAt(from - 1))) {
    return false;
  }
  return ABBREVIATIONS.has(text.slice(from, dot).toLowerCase());
}
