import LogisticRegressionClassifier from 'natural/lib/natural/classifiers/logistic_regression_classifier.js';
import type { Tokenizer } from '../../text/index.js';
import type { Role } from './cues.js';
import { cueFeatures, ROLES } from './cues.js';
import { FEATURE_CONFIG, featureTokens } from './features.js';
import type { TrainingExample } from './training-data.js';

/** Learned weights: feature → one weight per role, in {@link ROLES} order. */
export type Weights = Record<string, number[]>;

/** Weights are rounded to this many decimals (smaller file, stable diffs; far below noise). */
const WEIGHT_DECIMALS = 5;

/** Feature tokens of a training example (same function inference uses). */
export function exampleFeatures(example: TrainingExample, tokenizer: Tokenizer): string[] {
  const ctx = {
    ...(example.sender ? { sender: example.sender } : {}),
    ...(example.position ? { position: example.position } : {}),
  };
  const cues = cueFeatures(example.text, example.lang);
  return featureTokens(example.text, ctx, example.lang, cues, tokenizer);
}

/**
 * Trains natural's `LogisticRegressionClassifier` on `examples` and returns its weights.
 *
 * Word (`w:`) and cue-phrase (`c:`) features occurring in fewer than `minDocFreq` examples are
 * dropped before training: hapaxes only let an unregularized model memorise single examples,
 * and every feature costs training time (natural's trainer is dense full-batch gradient descent,
 * roughly examples × features × iterations). Pseudo-features (`__…`) are always kept.
 *
 * natural's apparatus back end fits one-vs-rest sigmoids with an intercept but drops the
 * intercept from the returned weights (`theta.chomp(1)`). Every example carries the constant
 * `__bias` feature; its column is identical to the intercept column, so gradient descent (from
 * all-zero weights) gives both the same value, and inference adds `__bias`'s weight twice.
 *
 * Deterministic: same examples in the same order give the same weights. Slow: minutes for a
 * thousand examples.
 */
export function trainWeights(examples: readonly TrainingExample[], tokenizer: Tokenizer): Weights {
  const docs = examples.map((e) => ({ role: e.role, features: exampleFeatures(e, tokenizer) }));
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.features) df.set(f, (df.get(f) ?? 0) + 1);
  const keep = (f: string): boolean =>
    f.startsWith('__') || (df.get(f) ?? 0) >= FEATURE_CONFIG.minDocFreq;

  const lr = new LogisticRegressionClassifier();
  for (const d of docs) lr.addDocument(d.features.filter(keep), d.role);
  lr.train();

  const labels = lr.classifier.classifications;
  const features = Object.keys(lr.features);
  const column = new Map<Role, number>();
  labels.forEach((label, i) => column.set(label as Role, i));
  const weights: Weights = {};
  features.forEach((feature, j) => {
    weights[feature] = ROLES.map((role) => {
      const i = column.get(role);
      const w = i === undefined ? 0 : (lr.classifier.theta[i]?.elements[j] ?? 0);
      return Number(w.toFixed(WEIGHT_DECIMALS));
    });
  });
  return weights;
}
