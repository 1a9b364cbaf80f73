import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TextLanguage } from '../../text/index.js';
import { detectLanguage, Tokenizer } from '../../text/index.js';
import type { CueFeatures, Role } from './cues.js';
import { CUE_LEXICON_HASH, cueFeatures, ROLES } from './cues.js';
import type { ClassifyContext } from './features.js';
import { BIAS_FEATURE, FEATURE_CONFIG, featureTokens } from './features.js';
import type { SentenceClassifierModel } from './model.js';
import { assertModel, modelVersion } from './model.js';
import { hashTrainingData, TRAINING_DIR } from './training-data.js';

export type { Role } from './cues.js';
export type { ClassifyContext } from './features.js';

/** Path of the committed model (`src/extract/model/sentence-classifier.json`). */
export const MODEL_PATH: string = fileURLToPath(
  new URL('../model/sentence-classifier.json', import.meta.url),
);

/** Which cue rule, if any, overrode or constrained the model's probabilities. */
export type ClassificationRule = 'empty' | 'noise-only' | 'agent-not-symptom';

/** Result of {@link SentenceClassifier.classify}. */
export interface Classification {
  /** The role with the highest score. */
  role: Role;
  /** Probability per role after the cue rules; sums to 1. */
  scores: Record<Role, number>;
  /** Set when a cue rule changed the model's scores (see `classify`). */
  rule?: ClassificationRule;
}

/** Options for {@link SentenceClassifier.load}. */
export interface LoadOptions {
  /** Model file; defaults to {@link MODEL_PATH}. */
  modelPath?: string;
  /** Training data the model must match; defaults to `src/extract/classify/training/`. */
  trainingDir?: string;
  /** Throw instead of warning when the model is stale. @default false */
  strict?: boolean;
  /** Emit a process warning when the model is stale (and not `strict`). @default true */
  warn?: boolean;
  /** Share a tokenizer (building one loads jieba's dictionary, ~0.2 s). */
  tokenizer?: Tokenizer;
}

/** Lowest noise score a noise-only or empty text is given. */
const NOISE_OVERRIDE_FLOOR = 0.9;

/**
 * Classifies support sentences and dialogue turns as symptom, cause, solution or noise.
 *
 * Model: natural's `LogisticRegressionClassifier` (one-vs-rest logistic regression), trained by
 * `npm run train:classifier` on the hand-written examples in `training/*.jsonl` over
 * {@link featureTokens}: retrieval tokens plus cue-lexicon, sender and position pseudo-tokens.
 * Why logistic regression rather than natural's naive Bayes: the features overlap heavily (a cue
 * phrase, its role flag and its sender conjunction fire together), which Bayes counts as
 * independent evidence and turns into overconfident scores; logistic regression weighs
 * correlated features jointly. At inference the saved weights are applied directly (a sparse dot
 * product per role, sigmoid, normalized to sum 1) — natural is not loaded, and its dropped
 * intercept is restored by counting the `__bias` weight twice (see `trainWeights`). The price
 * of natural's implementation (dense full-batch gradient descent, no regularization) is training
 * time: 5–9 minutes per fit on ~900 examples, ~15 minutes for `npm run train:classifier` with
 * its held-out fit (`--no-holdout` skips that).
 *
 * Combination with the cue rules, in order:
 * 1. `empty` — no word token and no cue at all (emoji, punctuation, a lone number): noise.
 * 2. `noise-only` — strong noise cues and nothing else (`CueFeatures.noiseOnly`: greetings,
 *    thanks, "please DM us", boilerplate, with at most a few other content units and no
 *    symptom/cause/solution cue): noise overrides the model.
 *    For both, noise gets max(model, 0.9) and the other roles share the rest in proportion.
 * 3. `agent-not-symptom` — a turn from the agent cannot state the customer's symptom unless it
 *    quotes it ("您反映的…", "you mentioned…"): the symptom score is set to 0 and the others are
 *    renormalized. (Customers may report solutions — "换了根网线就好了" — so there is no mirror
 *    rule.)
 * Otherwise the model's probabilities stand.
 *
 * Limits: a bag of features, no syntax — negation, hypotheticals and irony are invisible
 * ("if it still fails, restart" reads as both symptom and solution). Trained on under a thousand
 * hand-written examples; long multi-sentence turns are classified as one bag (the role with the
 * most evidence wins), so callers wanting per-sentence roles should split first
 * (`splitSentences`). Only zh and en.
 */
export class SentenceClassifier {
  /** Model version, `sc-<feature config version>-<training data hash prefix>`. */
  readonly version: string;
  /** Why the model does not match the current training data / lexicon, or `null` if fresh. */
  readonly stale: string | null;
  readonly #weights: Map<string, number[]>;
  readonly #labels: Role[];
  readonly #tokenizer: Tokenizer;

  private constructor(model: SentenceClassifierModel, stale: string | null, tokenizer: Tokenizer) {
    this.version = model.version;
    this.stale = stale;
    this.#labels = model.labels;
    this.#weights = new Map(Object.entries(model.weights));
    this.#tokenizer = tokenizer;
  }

  /**
   * Loads the committed model synchronously (one small JSON read plus hashing the training data,
   * a few milliseconds; building the tokenizer, unless one is passed, takes ~0.2 s).
   *
   * Checks freshness: the model must have been trained on exactly the current training data
   * (SHA-256 of `training/*.jsonl`), the current cue lexicon and feature configuration. A stale
   * model still loads — with a process warning, or an `Error` when `strict` — and says why in
   * {@link SentenceClassifier.stale}. Throws if the model file is missing or malformed.
   * Deterministic: the same files give a classifier with identical outputs.
   */
  static load(options: LoadOptions = {}): SentenceClassifier {
    const path = options.modelPath ?? MODEL_PATH;
    const model: unknown = JSON.parse(readFileSync(path, 'utf8'));
    assertModel(model, path);
    const stale = staleness(model, options.trainingDir ?? TRAINING_DIR);
    if (stale !== null) {
      const message = `sentence classifier ${model.version} is stale: ${stale}; run npm run train:classifier`;
      if (options.strict) throw new Error(message);
      if (options.warn ?? true) process.emitWarning(message, { code: 'SUPPORTGRAPH_STALE_MODEL' });
    }
    return new SentenceClassifier(model, stale, options.tokenizer ?? new Tokenizer());
  }

  /**
   * Builds a classifier from an in-memory model (used by the trainer for held-out evaluation).
   * No freshness check.
   */
  static fromModel(model: SentenceClassifierModel, tokenizer: Tokenizer): SentenceClassifier {
    return new SentenceClassifier(model, null, tokenizer);
  }

  /**
   * Role of one sentence or turn. `ctx.sender` and `ctx.position` add features and enable the
   * agent rule; `ctx.lang` skips language detection. See the class comment for how the model
   * and the cue rules combine. Pure: the same input always gives the same output.
   */
  classify(text: string, ctx: ClassifyContext = {}): Classification {
    const lang: TextLanguage = ctx.lang ?? detectLanguage(text);
    const cues = cueFeatures(text, lang);
    const features = featureTokens(text, ctx, lang, cues, this.#tokenizer);
    const model = this.#modelScores(features);

    if (isEmpty(features, cues)) return noiseOverride(model, 'empty');
    if (cues.noiseOnly) return noiseOverride(model, 'noise-only');
    if (ctx.sender === 'agent' && !cues.quotesCustomer && model.symptom > 0) {
      const scores = normalize({ ...model, symptom: 0 });
      const result: Classification = { role: argmax(scores), scores };
      if (argmax(model) === 'symptom') result.rule = 'agent-not-symptom';
      return result;
    }
    return { role: argmax(model), scores: model };
  }

  /** Model probabilities alone (normalized one-vs-rest sigmoids), before any cue rule. */
  modelScores(text: string, ctx: ClassifyContext = {}): Record<Role, number> {
    const lang: TextLanguage = ctx.lang ?? detectLanguage(text);
    const cues = cueFeatures(text, lang);
    return this.#modelScores(featureTokens(text, ctx, lang, cues, this.#tokenizer));
  }

  #modelScores(features: readonly string[]): Record<Role, number> {
    const logits = this.#labels.map(() => 0);
    const add = (row: readonly number[] | undefined): void => {
      if (!row) return;
      for (let i = 0; i < logits.length; i += 1) logits[i] = (logits[i] ?? 0) + (row[i] ?? 0);
    };
    for (const f of features) add(this.#weights.get(f));
    // The intercept natural dropped equals the `__bias` weight (see trainWeights).
    add(this.#weights.get(BIAS_FEATURE));
    const raw = { symptom: 0, cause: 0, solution: 0, noise: 0 };
    this.#labels.forEach((label, i) => {
      raw[label] = 1 / (1 + Math.exp(-(logits[i] ?? 0)));
    });
    return normalize(raw);
  }
}

function staleness(model: SentenceClassifierModel, trainingDir: string): string | null {
  const reasons: string[] = [];
  let hash: string | null = null;
  try {
    hash = hashTrainingData(trainingDir);
  } catch (err) {
    reasons.push(`training data unreadable (${(err as Error).message})`);
  }
  if (hash !== null && model.trainingDataSha256 !== hash) {
    reasons.push(`training data changed (model ${model.version}, data ${modelVersion(hash)})`);
  }
  if (model.cueLexiconHash !== CUE_LEXICON_HASH) reasons.push('cue lexicon changed');
  if (model.featureConfig?.version !== FEATURE_CONFIG.version) {
    reasons.push('feature configuration changed');
  }
  return reasons.length === 0 ? null : reasons.join('; ');
}

function isEmpty(features: readonly string[], cues: CueFeatures): boolean {
  const anyCue = ROLES.some((r) => cues.counts[r] > 0);
  return !anyCue && !features.some((f) => f.startsWith('w:'));
}

function noiseOverride(model: Record<Role, number>, rule: ClassificationRule): Classification {
  const noise = Math.max(model.noise, NOISE_OVERRIDE_FLOOR);
  const rest = 1 - model.noise;
  const scale = rest > 0 ? (1 - noise) / rest : 0;
  const scores = {
    symptom: model.symptom * scale,
    cause: model.cause * scale,
    solution: model.solution * scale,
    noise,
  };
  return { role: 'noise', scores, rule };
}

function normalize(raw: Record<Role, number>): Record<Role, number> {
  const sum = raw.symptom + raw.cause + raw.solution + raw.noise;
  if (!(sum > 0)) return { symptom: 0.25, cause: 0.25, solution: 0.25, noise: 0.25 };
  return {
    symptom: raw.symptom / sum,
    cause: raw.cause / sum,
    solution: raw.solution / sum,
    noise: raw.noise / sum,
  };
}

/** Highest-scoring role; ties go to the earlier role in {@link ROLES}. */
function argmax(scores: Record<Role, number>): Role {
  let best: Role = 'noise';
  let bestScore = -Infinity;
  for (const role of ROLES) {
    if (scores[role] > bestScore) {
      best = role;
      bestScore = scores[role];
    }
  }
  return best;
}
