/**
 * Code-point classification shared by the text helpers.
 *
 * Kept in one place so language detection, sentence splitting and tokenization agree on what a
 * "Han character" is. Internal to `src/text` (not re-exported).
 */

/** Everything below U+2E80 (start of the CJK Radicals Supplement) is certainly not Han. */
const FIRST_HAN_BLOCK = 0x2e80;

const HAN_CHAR = /^\p{Script=Han}$/u;
const LETTER_CHAR = /^\p{L}$/u;

/**
 * Whether `ch` (one code point) belongs to the Han script, including the extension blocks,
 * compatibility ideographs and 〇/々. Fast path for the BMP below U+2E80 so ASCII-heavy text costs
 * no regex test per character.
 */
export function isHanChar(ch: string): boolean {
  const cp = ch.codePointAt(0);
  if (cp === undefined || cp < FIRST_HAN_BLOCK) return false;
  return HAN_CHAR.test(ch);
}

/** Whether the code point starting at `index` of `text` is Han (surrogate pairs handled). */
export function isHanAt(text: string, index: number): boolean {
  const cp = text.codePointAt(index);
  if (cp === undefined || cp < FIRST_HAN_BLOCK) return false;
  return HAN_CHAR.test(String.fromCodePoint(cp));
}

/** Whether `ch` (one code point) is a letter of any script (Han included). */
export function isLetterChar(ch: string): boolean {
  const cp = ch.codePointAt(0);
  if (cp === undefined) return false;
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return LETTER_CHAR.test(ch);
}
