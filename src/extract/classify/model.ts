import type { TextLanguage } from '../../text/index.js';
import type { Role } from './cues.js';
import { ROLES } from './cues.js';
import { FEATURE_CONFIG } from './features.js';

/** Per-language, per-role example counts. */
export type RoleCounts = Record<TextLanguage, Record<Role, number>>;

/** Held-out evaluation stored with the model (from `npm run train:classifier`). */
export interface HeldOutReport {
  method: string;
  seed: number;
  trainExamples: number;
  testExamples: number;
  /** Accuracy of the full classifier (model + cue rules) per language, and overall. */
  accuracy: Record<TextLanguage | 'all', number>;
  /** Same, model probabilities alone (no cue rules). */
  modelOnlyAccuracy: Record<TextLanguage | 'all', number>;
  /** Recall per language and role (share of the role's test examples labelled correctly). */
  recall: Record<TextLanguage, Record<Role, number | null>>;
}

/**
 * The saved sentence-classifier model (`src/extract/model/sentence-classifier.json`).
 *
 * `weights` maps each feature to its one-vs-rest logistic weights in `labels` order; the
 * `__bias` feature stands in for the intercept natural drops (see `SentenceClassifier`).
 */
export interface SentenceClassifierModel {
  format: 1;
  /** `sc-<feature config version>-<first 12 hex of the training-data SHA-256>`. */
  version: string;
  trainingDataSha256: string;
  cueLexiconHash: string;
  trainedAt: string;
  trainer: string;
  featureConfig: typeof FEATURE_CONFIG;
  examples: { total: number; byLanguage: RoleCounts };
  heldOut: HeldOutReport | null;
  labels: Role[];
  weights: Record<string, number[]>;
}

/** Model version for a training-data hash: changes whenever the data or feature config does. */
export function modelVersion(trainingDataSha256: string): string {
  return `sc-${FEATURE_CONFIG.version}-${trainingDataSha256.slice(0, 12)}`;
}

/**
 * Serializes a model as indented JSON. The trainer passes the result through Prettier (the
 * committed file must pass `prettier --check`), which puts each feature's weights on one line, so
 * retraining diffs read per feature.
 */
export function serializeModel(model: SentenceClassifierModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/**
 * Checks the shape of a parsed model file; throws a descriptive `Error` when it does not look
 * like a {@link SentenceClassifierModel}. Does not check freshness (see `SentenceClassifier`).
 */
export function assertModel(
  value: unknown,
  where: string,
): asserts value is SentenceClassifierModel {
  const fail = (why: string): never => {
    throw new Error(`${where}: not a sentence-classifier model (${why})`);
  };
  if (typeof value !== 'object' || value === null) fail('not an object');
  const m = value as Partial<SentenceClassifierModel>;
  if (m.format !== 1) fail(`unsupported format ${JSON.stringify(m.format)}`);
  if (typeof m.version !== 'string') fail('missing version');
  if (!Array.isArray(m.labels) || m.labels.length !== ROLES.length) fail('bad labels');
  if (!m.labels!.every((l) => ROLES.includes(l))) fail('unknown label');
  if (typeof m.weights !== 'object' || m.weights === null) fail('missing weights');
  for (const [feature, row] of Object.entries(m.weights!)) {
    if (!Array.isArray(row) || row.length !== ROLES.length || !row.every(Number.isFinite)) {
      fail(`bad weights for ${feature}`);
    }
  }
}
