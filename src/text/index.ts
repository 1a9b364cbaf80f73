/**
 * Shared text handling for Chinese and English support text: language detection,
 * normalization, sentence splitting and retrieval tokenization.
 */
export { detectLanguage, hanShare, ZH_HAN_SHARE_THRESHOLD } from './language.js';
export type { TextLanguage } from './language.js';
export { normalizeText } from './normalize.js';
export type { NormalizeOptions } from './normalize.js';
export { splitSentences } from './sentences.js';
export { CHINESE_NEGATIONS, CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stopwords.js';
export { Tokenizer } from './tokenize.js';
export type { TokenizerOptions } from './tokenize.js';
