/**
 * `npm run bench:quality [-- --write]`: answer quality on the seed's new questions, and the
 * confidence calibration.
 *
 * Asks every question of `seed/questions.jsonl` through the answer service (shipped ontology and
 * seed in an in-memory store) and prints top-1 and hit@3 per language and for the cross-lingual
 * questions. Then fits the confidence model (logistic regression of "this candidate is the
 * expected fault" on its score and margin, Platt scaling) and reports its Brier score with 5-fold
 * cross-validation against the current parameters; `--write` stores the fit in
 * src/answer/calibration.json.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { confidence, margins, type Calibration } from '../src/answer/calibration.js';
import { seededAnswerService, seedQuestions } from '../test/support/seeded.js';

const { values } = parseArgs({ options: { write: { type: 'boolean', default: false } } });

interface Example {
  score: number;
  margin: number;
  correct: number;
  question: number;
}

function fit(xs: readonly Example[]): Calibration {
  let a = 1;
  let b = 1;
  let c = 0;
  const lr = 0.05;
  for (let epoch = 0; epoch < 4000; epoch++) {
    let ga = 0;
    let gb = 0;
    let gc = 0;
    for (const x of xs) {
      const err = confidence({ a, b, c }, x.score, x.margin) - x.correct;
      ga += err * x.score;
      gb += err * x.margin;
      gc += err;
    }
    a -= (lr * ga) / xs.length;
    b -= (lr * gb) / xs.length;
    c -= (lr * gc) / xs.length;
  }
  return { a: round(a), b: round(b), c: round(c) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const brier = (cal: Calibration, xs: readonly Example[]) =>
  xs.reduce((s, x) => s + (confidence(cal, x.score, x.margin) - x.correct) ** 2, 0) / xs.length;

async function main(): Promise<void> {
  const seeded = await seededAnswerService();
  const questions = seedQuestions();
  const stats = new Map<string, { n: number; top1: number; hit3: number }>();
  const examples: Example[] = [];
  const bump = (key: string, top1: boolean, hit3: boolean) => {
    const s = stats.get(key) ?? { n: 0, top1: 0, hit3: 0 };
    s.n++;
    s.top1 += top1 ? 1 : 0;
    s.hit3 += hit3 ? 1 : 0;
    stats.set(key, s);
  };
  for (const [qi, q] of questions.entries()) {
    const a = await seeded.answers.answer({
      question: q.question,
      product: q.product,
      lang: q.lang,
      first: 5,
    });
    const ids = a.candidates.map((c) => c.faultId);
    const top1 = ids[0] === q.expected.fault;
    const hit3 = ids.slice(0, 3).includes(q.expected.fault);
    bump(q.lang, top1, hit3);
    bump('all', top1, hit3);
    if (q.crossLingual) bump(`cross-lingual (${q.lang} question)`, top1, hit3);
    const m = margins(a.candidates.map((c) => c.score));
    a.candidates.forEach((c, i) =>
      examples.push({
        score: c.score,
        margin: m[i]!,
        correct: c.faultId === q.expected.fault ? 1 : 0,
        question: qi,
      }),
    );
  }
  await seeded.close();

  console.log(`answer quality on seed/questions.jsonl (${questions.length} questions)`);
  console.log('set                              n    top-1    hit@3');
  for (const [k, s] of stats) {
    console.log(
      `${k.padEnd(30)} ${String(s.n).padStart(3)}   ${((100 * s.top1) / s.n).toFixed(1).padStart(5)} %  ${((100 * s.hit3) / s.n).toFixed(1).padStart(5)} %`,
    );
  }

  // 5-fold cross-validation by question.
  const current = JSON.parse(
    fs.readFileSync(new URL('../src/answer/calibration.json', import.meta.url), 'utf8'),
  ) as Calibration;
  const folds = 5;
  let cvBrier = 0;
  let curBrier = 0;
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((x) => x.question % folds !== f);
    const test = examples.filter((x) => x.question % folds === f);
    cvBrier += brier(fit(train), test) * test.length;
    curBrier += brier(current, test) * test.length;
  }
  const fitted = fit(examples);
  console.log('');
  console.log(
    `confidence calibration over ${examples.length} candidates (5-fold cross-validated Brier score, lower is better):`,
  );
  console.log(
    `  current parameters ${JSON.stringify({ a: current.a, b: current.b, c: current.c })}: ${(curBrier / examples.length).toFixed(4)}`,
  );
  console.log(
    `  refitted per fold:                       ${(cvBrier / examples.length).toFixed(4)}`,
  );
  console.log(`  fit on all: ${JSON.stringify(fitted)}`);
  const buckets = [0, 0.2, 0.4, 0.6, 0.8, 1.0001];
  console.log('  reliability of the fit (in-sample): predicted → observed');
  for (let i = 0; i < buckets.length - 1; i++) {
    const inB = examples.filter((x) => {
      const p = confidence(fitted, x.score, x.margin);
      return p >= buckets[i]! && p < buckets[i + 1]!;
    });
    if (inB.length === 0) continue;
    const pred = inB.reduce((s, x) => s + confidence(fitted, x.score, x.margin), 0) / inB.length;
    const obs = inB.reduce((s, x) => s + x.correct, 0) / inB.length;
    console.log(
      `    [${buckets[i]!.toFixed(1)}, ${Math.min(1, buckets[i + 1]!).toFixed(1)}): n=${String(inB.length).padStart(3)}  ${pred.toFixed(2)} → ${obs.toFixed(2)}`,
    );
  }
  if (values.write && cvBrier >= curBrier) {
    console.log(
      '  not written: the refit does no better out of sample than the current parameters',
    );
  } else if (values.write) {
    const out = {
      note: 'Written by `npm run bench:quality -- --write` (bench/answer-quality.ts): logistic fit of candidate correctness on the seed questions.',
      ...fitted,
    };
    fs.writeFileSync(
      new URL('../src/answer/calibration.json', import.meta.url),
      JSON.stringify(out, null, 2) + '\n',
    );
    console.log('  written to src/answer/calibration.json');
  }
}

await main();
