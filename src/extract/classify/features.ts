import type { TextLanguage, Tokenizer } from '../../text/index.js';
import type { CueFeatures } from './cues.js';
import { ROLES } from './cues.js';
import type { Position, Sender } from './training-data.js';

/** What is known about where a text comes from; every field is optional. */
export interface ClassifyContext {
  /** Who wrote it. Unknown senders get no sender features (and no sender rule). */
  sender?: Sender;
  /** Position of the turn in the dialogue (or of the sentence in its field). */
  position?: Position;
  /** Language; detected from the text when absent. */
  lang?: TextLanguage;
}

/**
 * Feature configuration, stored in the model so a model trained with other settings is
 * recognisably stale. Bump `version` whenever {@link featureTokens} changes behaviour.
 */
export const FEATURE_CONFIG = {
  version: 1,
  /** Word features: `w:` + each distinct `Tokenizer.tokens()` token (binary presence). */
  words: 'Tokenizer.tokens, distinct, prefix w:',
  /** Matched cue phrases: `c:` + the normalized phrase, so stop-listed cues (请, please) survive. */
  cuePhrases: 'prefix c:',
  /** Pseudo-tokens (always kept): cue-role flags, noise kinds, sender, position, length. */
  pseudo: '__*',
  /** Word and cue-phrase features seen in fewer training examples than this are dropped. */
  minDocFreq: 2,
  /** Texts with at most this many word tokens get `__len_short`, above `long` `__len_long`. */
  shortTokens: 4,
  longTokens: 40,
} as const;

/** The constant feature every example has: natural's logistic regression drops its intercept. */
export const BIAS_FEATURE = '__bias';

const QUESTION = /[?？]|[吗呢么][\s。!！~～]*$/u;

/**
 * Feature tokens of one text for the sentence classifier — the single definition shared by
 * training and inference, so both always see the same features.
 *
 * Tokens: `__bias`; `w:<token>` for each distinct retrieval token (`Tokenizer.tokens`: jieba
 * words / Porter stems, stop words removed); `c:<phrase>` for each matched cue phrase;
 * `__cue_<role>` (and `__cue_<role>_2` for two or more hits); `__noise_<kind>`; `__noise_only`;
 * `__quote`; `__question`; `__len_short` / `__len_long`; with a sender `__sender_<s>` and
 * sender × cue conjunctions `__<s>_cue_<role>` (a linear model cannot form them itself: 请 from an
 * agent is an instruction, from a customer a plea); with a position `__turn_<p>` and
 * `__<s>_<p>`. Returned distinct, in a fixed order.
 */
export function featureTokens(
  text: string,
  ctx: ClassifyContext,
  lang: TextLanguage,
  cues: CueFeatures,
  tokenizer: Tokenizer,
): string[] {
  const out = new Set<string>([BIAS_FEATURE]);
  const words = tokenizer.tokens(text, lang);
  for (const w of words) out.add(`w:${w}`);
  for (const m of cues.matches) out.add(`c:${m.text.replace(/\s+/g, ' ')}`);
  for (const role of ROLES) {
    const n = cues.counts[role];
    if (n >= 1) out.add(`__cue_${role}`);
    if (n >= 2) out.add(`__cue_${role}_2`);
  }
  for (const kind of cues.noiseKinds) out.add(`__noise_${kind}`);
  if (cues.noiseOnly) out.add('__noise_only');
  if (cues.quotesCustomer) out.add('__quote');
  if (QUESTION.test(text.trim())) out.add('__question');
  if (words.length <= FEATURE_CONFIG.shortTokens) out.add('__len_short');
  if (words.length > FEATURE_CONFIG.longTokens) out.add('__len_long');
  if (ctx.sender) {
    out.add(`__sender_${ctx.sender}`);
    for (const role of ROLES) {
      if (cues.counts[role] >= 1) out.add(`__${ctx.sender}_cue_${role}`);
    }
  }
  if (ctx.position) {
    out.add(`__turn_${ctx.position}`);
    if (ctx.sender) out.add(`__${ctx.sender}_${ctx.position}`);
  }
  return [...out];
}
