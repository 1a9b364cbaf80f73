/**
 * Trains the sentence/turn role classifier and writes `src/extract/model/sentence-classifier.json`.
 *
 *   npm run train:classifier [-- --no-holdout] [--seed N] [--out path]
 *
 * 1. Reads and validates `src/extract/classify/training/*.jsonl` (refuses to train on bad lines).
 * 2. Held-out check: a stratified 80/20 split per language × role with a fixed seed; trains on
 *    the 80 %, reports accuracy and per-role recall on the 20 % per language, for the full
 *    classifier (model + cue rules) and the model alone.
 * 3. Trains on all examples and writes the model with its version (hash of the training data),
 *    training date, example counts, feature configuration and the held-out report.
 *
 * Training uses natural's logistic regression (dense full-batch gradient descent): expect a few
 * minutes per fit for ~900 examples.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { format, resolveConfig } from 'prettier';
import type { TextLanguage } from '../src/text/index.js';
import { Tokenizer } from '../src/text/index.js';
import { MODEL_PATH, SentenceClassifier } from '../src/extract/classify/classifier.js';
import type { Role } from '../src/extract/classify/cues.js';
import { CUE_LEXICON_HASH, ROLES } from '../src/extract/classify/cues.js';
import { FEATURE_CONFIG } from '../src/extract/classify/features.js';
import type {
  HeldOutReport,
  RoleCounts,
  SentenceClassifierModel,
} from '../src/extract/classify/model.js';
import { modelVersion, serializeModel } from '../src/extract/classify/model.js';
import type { Weights } from '../src/extract/classify/train.js';
import { trainWeights } from '../src/extract/classify/train.js';
import type { TrainingExample } from '../src/extract/classify/training-data.js';
import { hashTrainingData, readTrainingData } from '../src/extract/classify/training-data.js';

const LANGS: readonly TextLanguage[] = ['zh', 'en'];
const TRAINER = 'natural LogisticRegressionClassifier (apparatus one-vs-rest, gradient descent)';

interface Args {
  holdout: boolean;
  seed: number;
  out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { holdout: true, seed: 42, out: MODEL_PATH };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--no-holdout') args.holdout = false;
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--out') args.out = String(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.seed)) throw new Error('--seed needs an integer');
  return args;
}

/** mulberry32: small, fast, seedable PRNG (the split must be reproducible). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stratified split: in each language × role group, a seeded shuffle, the first 20 % to test. */
function split(
  examples: readonly TrainingExample[],
  seed: number,
): { train: TrainingExample[]; test: TrainingExample[] } {
  const random = rng(seed);
  const groups = new Map<string, TrainingExample[]>();
  for (const e of examples) {
    const key = `${e.lang}/${e.role}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const testSet = new Set<TrainingExample>();
  for (const key of [...groups.keys()].sort()) {
    const group = [...(groups.get(key) ?? [])];
    for (let i = group.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    group.slice(0, Math.round(group.length * 0.2)).forEach((e) => testSet.add(e));
  }
  // Keep file order within each side: training is order-dependent only through feature order.
  return {
    train: examples.filter((e) => !testSet.has(e)),
    test: examples.filter((e) => testSet.has(e)),
  };
}

function counts(examples: readonly TrainingExample[]): RoleCounts {
  const out = {
    zh: { symptom: 0, cause: 0, solution: 0, noise: 0 },
    en: { symptom: 0, cause: 0, solution: 0, noise: 0 },
  };
  for (const e of examples) out[e.lang][e.role] += 1;
  return out;
}

function buildModel(
  weights: Weights,
  hash: string,
  examples: readonly TrainingExample[],
  heldOut: HeldOutReport | null,
): SentenceClassifierModel {
  return {
    format: 1,
    version: modelVersion(hash),
    trainingDataSha256: hash,
    cueLexiconHash: CUE_LEXICON_HASH,
    trainedAt: new Date().toISOString(),
    trainer: TRAINER,
    featureConfig: FEATURE_CONFIG,
    examples: { total: examples.length, byLanguage: counts(examples) },
    heldOut,
    labels: [...ROLES],
    weights,
  };
}

function evaluate(
  classifier: SentenceClassifier,
  test: readonly TrainingExample[],
  args: Args,
  trainCount: number,
): HeldOutReport {
  const hit = { full: { zh: 0, en: 0 }, model: { zh: 0, en: 0 } };
  const n = { zh: 0, en: 0 };
  const perRole = {
    zh: new Map<Role, [number, number]>(),
    en: new Map<Role, [number, number]>(),
  };
  const confusion = { zh: new Map<string, number>(), en: new Map<string, number>() };
  const misses: string[] = [];
  for (const e of test) {
    const ctx = {
      lang: e.lang,
      ...(e.sender ? { sender: e.sender } : {}),
      ...(e.position ? { position: e.position } : {}),
    };
    const full = classifier.classify(e.text, ctx);
    const modelScores = classifier.modelScores(e.text, ctx);
    const modelRole = ROLES.reduce((a, b) => (modelScores[b] > modelScores[a] ? b : a));
    n[e.lang] += 1;
    if (full.role === e.role) hit.full[e.lang] += 1;
    else misses.push(`  ${e.source} gold=${e.role} got=${full.role}: ${e.text.slice(0, 70)}`);
    if (modelRole === e.role) hit.model[e.lang] += 1;
    const [ok, total] = perRole[e.lang].get(e.role) ?? [0, 0];
    perRole[e.lang].set(e.role, [ok + (full.role === e.role ? 1 : 0), total + 1]);
    const key = `${e.role}>${full.role}`;
    confusion[e.lang].set(key, (confusion[e.lang].get(key) ?? 0) + 1);
  }
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : round(a / b));
  const recall = {} as Record<TextLanguage, Record<Role, number | null>>;
  for (const lang of LANGS) {
    recall[lang] = { symptom: null, cause: null, solution: null, noise: null };
    for (const role of ROLES) {
      const [ok, total] = perRole[lang].get(role) ?? [0, 0];
      recall[lang][role] = total === 0 ? null : round(ok / total);
    }
  }
  const report: HeldOutReport = {
    method: 'stratified 80/20 split per language x role',
    seed: args.seed,
    trainExamples: trainCount,
    testExamples: test.length,
    accuracy: {
      zh: ratio(hit.full.zh, n.zh),
      en: ratio(hit.full.en, n.en),
      all: ratio(hit.full.zh + hit.full.en, n.zh + n.en),
    },
    modelOnlyAccuracy: {
      zh: ratio(hit.model.zh, n.zh),
      en: ratio(hit.model.en, n.en),
      all: ratio(hit.model.zh + hit.model.en, n.zh + n.en),
    },
    recall,
  };

  console.log(
    `\nHeld-out (${report.method}, seed ${args.seed}): train ${trainCount}, test ${test.length}`,
  );
  console.log('lang  n    accuracy  model-only  recall: symptom  cause  solution  noise');
  for (const lang of LANGS) {
    const r = recall[lang];
    const cell = (v: number | null): string => (v === null ? '-' : v.toFixed(3)).padStart(7);
    console.log(
      `${lang.padEnd(5)} ${String(n[lang]).padEnd(4)} ${report.accuracy[lang].toFixed(3).padStart(8)}  ${report.modelOnlyAccuracy[lang].toFixed(3).padStart(10)}         ${cell(r.symptom)} ${cell(r.cause)} ${cell(r.solution)} ${cell(r.noise)}`,
    );
  }
  console.log(
    `all   ${String(test.length).padEnd(4)} ${report.accuracy.all.toFixed(3).padStart(8)}  ${report.modelOnlyAccuracy.all.toFixed(3).padStart(10)}`,
  );
  for (const lang of LANGS) {
    const cells = [...confusion[lang].entries()]
      .filter(([k]) => k.split('>')[0] !== k.split('>')[1])
      .sort()
      .map(([k, v]) => `${k}:${v}`);
    console.log(`confusions ${lang} (gold>got): ${cells.join(' ') || 'none'}`);
  }
  if (misses.length > 0) console.log(`misclassified held-out examples:\n${misses.join('\n')}`);
  return report;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { examples, errors } = readTrainingData();
  if (errors.length > 0) {
    for (const e of errors) console.error(`${e.source}: ${e.reason}`);
    throw new Error(`${errors.length} bad training line(s); fix them before training`);
  }
  const hash = hashTrainingData();
  const byLang = counts(examples);
  console.log(`training data ${modelVersion(hash)}: ${examples.length} examples`);
  for (const lang of LANGS) console.log(`  ${lang}: ${JSON.stringify(byLang[lang])}`);

  const tokenizer = new Tokenizer();
  let heldOut: HeldOutReport | null = null;
  if (args.holdout) {
    const { train, test } = split(examples, args.seed);
    const t0 = performance.now();
    const weights = trainWeights(train, tokenizer);
    console.log(`held-out fit: ${Object.keys(weights).length} features, ${seconds(t0)}`);
    const classifier = SentenceClassifier.fromModel(
      buildModel(weights, hash, train, null),
      tokenizer,
    );
    heldOut = evaluate(classifier, test, args, train.length);
  }

  const t1 = performance.now();
  const weights = trainWeights(examples, tokenizer);
  console.log(
    `\nfinal fit on all ${examples.length}: ${Object.keys(weights).length} features, ${seconds(t1)}`,
  );
  const model = buildModel(weights, hash, examples, heldOut);
  const prettierOptions = (await resolveConfig(args.out)) ?? {};
  writeFileSync(
    args.out,
    await format(serializeModel(model), { ...prettierOptions, parser: 'json' }),
  );
  console.log(`wrote ${args.out} (${model.version})`);
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
