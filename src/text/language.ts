import { isHanChar, isLetterChar } from './script.js';

/** Languages the knowledge graph stores text in. */
export type TextLanguage = 'zh' | 'en';

/**
 * Han share at or above which text counts as Chinese.
 *
 * Why 0.3 and not a majority: one Han character carries roughly as much meaning as a whole Latin
 * word of 4–6 letters, and Chinese support tickets routinely embed English product names, error
 * strings and codes ("ECS实例 down 了" is 3 Han characters against 7 Latin letters = 0.3). A
 * character-level majority would call such tickets English. Conversely an English ticket quoting
 * a short Chinese label ("the 光猫 LED is red") stays well below 0.3.
 */
export const ZH_HAN_SHARE_THRESHOLD = 0.3;

/**
 * Share of Han characters among all letters (Han + letters of other scripts) in `text`.
 *
 * Digits, punctuation, whitespace and symbols are ignored, so "404 错误" is 1.0. Returns 0 when
 * the text has no letters at all. Linear in the text length.
 */
export function hanShare(text: string): number {
  let han = 0;
  let letters = 0;
  for (const ch of text) {
    if (isHanChar(ch)) {
      han += 1;
      letters += 1;
    } else if (isLetterChar(ch)) {
      letters += 1;
    }
  }
  return letters === 0 ? 0 : han / letters;
}

/**
 * Guesses whether `text` is Chinese or English from its script mix (see
 * {@link ZH_HAN_SHARE_THRESHOLD} for why the cut-off is 0.3).
 *
 * Limits: only distinguishes the two languages the project stores. Japanese kana, Korean hangul,
 * Cyrillic etc. count as "other letters", so Japanese prose with many kana comes out as 'en'.
 * Empty text and text without letters (only digits/punctuation) default to 'en'.
 */
export function detectLanguage(text: string): TextLanguage {
  return hanShare(text) >= ZH_HAN_SHARE_THRESHOLD ? 'zh' : 'en';
}
