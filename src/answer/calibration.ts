import { readFileSync } from 'node:fs';

/**
 * Turns a ranking score into a confidence in [0, 1]: a logistic model of "this candidate is the
 * right one" over the candidate's score and its margin over the best other candidate (Platt
 * scaling). The parameters are fitted by `npm run calibrate` on the seed's questions with known
 * answers and kept in `calibration.json`; refit them when the ranking changes.
 */
export interface Calibration {
  a: number;
  b: number;
  c: number;
}

export function loadCalibration(): Calibration {
  const raw = JSON.parse(
    readFileSync(new URL('./calibration.json', import.meta.url), 'utf8'),
  ) as Calibration;
  return { a: raw.a, b: raw.b, c: raw.c };
}

export function confidence(cal: Calibration, score: number, margin: number): number {
  const z = cal.a * score + cal.b * margin + cal.c;
  return 1 / (1 + Math.exp(-z));
}

/** Margin of each candidate over the best *other* candidate. */
export function margins(scores: readonly number[]): number[] {
  if (scores.length === 0) return [];
  const sorted = [...scores].sort((x, y) => y - x);
  return scores.map((s) => s - (s === sorted[0] ? (sorted[1] ?? 0) : sorted[0]!));
}
