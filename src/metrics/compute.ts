import type { MetricCase, UsageCounts } from '../graph/store.js';

/**
 * The operational metrics as a pure computation over what the store returned: no store, no
 * clock, no text analysis (coverage-gap clustering is in `gaps.ts`). The same input always gives
 * the same output, so the figures can be tested exactly.
 *
 * Definitions (README, "Operational metrics"):
 * - a case is a **repeat** when its customer had another case on one of the same faults that was
 *   created before it, at most `windowDays` days before (earlier cases outside the period count
 *   as "before"; ties on the timestamp go by case id);
 * - **repeat-inquiry rate** = repeats / cases created in [since, until], overall, per ISO week
 *   (UTC, keyed by Monday), per product (the ticket's product, else its fault's) and per fault (a
 *   case reporting two faults counts for each; it is a repeat of a fault only through that fault);
 * - **flagged**: every product and fault with at least `minCases` cases whose rate is above
 *   `threshold` (cases without a product are shown but never flagged);
 * - **deflection** = HELPFUL feedback / answers served, from the day counters of the period;
 * - **link rate** = cases linked to a fault that is not ARCHIVED / cases; **reuse** = the linked
 *   fault existed before the case (not created by it);
 * - **coverage gaps**: the cases that reused nothing (see `gaps.ts` for the clustering).
 */

export type BucketKind = 'WEEK' | 'PRODUCT' | 'FAULT';

export interface RateBucket {
  key: string;
  label: string;
  kind: BucketKind;
  total: number;
  repeats: number;
  rate: number | null;
  flagged: boolean;
}

export interface Deflection {
  questions: number;
  answersServed: number;
  helpful: number;
  rate: number | null;
}

export interface LinkRate {
  cases: number;
  linked: number;
  rate: number | null;
  reused: number;
  reuseRate: number | null;
}

export interface CoverageGap {
  label: string;
  count: number;
  examples: string[];
  caseIds: string[];
}

export interface Metrics {
  generatedAt: string;
  since: string;
  until: string;
  windowDays: number;
  threshold: number;
  cases: number;
  casesWithCustomer: number;
  repeats: number;
  repeatRate: number | null;
  repeatByWeek: RateBucket[];
  repeatByProduct: RateBucket[];
  repeatByFault: RateBucket[];
  topRepeatFaults: RateBucket[];
  flagged: RateBucket[];
  deflection: Deflection;
  linkRate: LinkRate;
  coverageGaps: CoverageGap[];
}

/** Settled parameters (the service fills in defaults and checks ranges). */
export interface MetricsParams {
  since: Date;
  until: Date;
  windowDays: number;
  threshold: number;
  product: string | null;
  minCases: number;
  top: number;
  maxFaults: number;
}

export interface MetricsInputData {
  /** Cases created from `windowDays` before `since` up to `until` (earlier ones are history). */
  cases: readonly MetricCase[];
  /** Day counters of the period. */
  usage: readonly UsageCounts[];
  /** Fault id → label (its statement). Missing ids are labelled with the id. */
  faultLabels: ReadonlyMap<string, string>;
  /** Product id → name. Products not in the graph are labelled with the key. */
  productLabels: ReadonlyMap<string, string>;
  generatedAt: Date;
}

/** Bucket key of cases that name no product (shown, never flagged). */
export const NO_PRODUCT = '(none)';
const DAY_MS = 86_400_000;

/** What the computation decided about each case of the period (the gap clustering reads it). */
export interface CaseVerdict {
  kase: MetricCase;
  repeat: boolean;
  /** Faults this case repeats (a subset of its faults). */
  repeatedFaults: Set<string>;
  linked: boolean;
  reused: boolean;
}

/** The product a case counts under: the ticket's, else its first fault's; null when neither. */
export function productOf(k: MetricCase): string | null {
  return k.product ?? k.reports.find((r) => r.product !== null)?.product ?? null;
}

/** Cases of the period (after the product filter), each with its verdict. */
export function judgeCases(
  cases: readonly MetricCase[],
  p: Pick<MetricsParams, 'since' | 'until' | 'windowDays' | 'product'>,
): CaseVerdict[] {
  const since = p.since.getTime();
  const until = p.until.getTime();
  const window = p.windowDays * DAY_MS;
  const dated = cases
    .map((k) => ({ k, t: Date.parse(k.createdAt) }))
    .filter((x) => !Number.isNaN(x.t))
    .sort((a, b) => a.t - b.t || compare(a.k.id, b.k.id));
  const byCustomer = new Map<string, { k: MetricCase; t: number }[]>();
  const verdicts: CaseVerdict[] = [];
  for (const x of dated) {
    const { k, t } = x;
    let history: { k: MetricCase; t: number }[] = [];
    if (k.customerId !== null) {
      history = byCustomer.get(k.customerId) ?? [];
      byCustomer.set(k.customerId, history);
    }
    if (t >= since && t <= until && inProduct(k, p.product)) {
      // The customer's earlier cases within the window, newest first (history is in time order).
      const repeatedFaults = new Set<string>();
      for (let i = history.length - 1; i >= 0 && t - history[i]!.t <= window; i--) {
        for (const r of history[i]!.k.reports)
          if (k.reports.some((own) => own.faultId === r.faultId)) repeatedFaults.add(r.faultId);
      }
      const live = k.reports.filter((r) => r.state !== 'ARCHIVED');
      verdicts.push({
        kase: k,
        repeat: repeatedFaults.size > 0,
        repeatedFaults,
        linked: live.length > 0,
        reused: live.some((r) => r.mode !== 'create'),
      });
    }
    history.push(x);
  }
  return verdicts;
}

function inProduct(k: MetricCase, product: string | null): boolean {
  if (product === null) return true;
  return productOf(k) === product || k.reports.some((r) => r.product === product);
}

/** Everything but the coverage gaps (filled in by the service from `gaps.ts`). */
export function computeMetrics(
  data: MetricsInputData,
  p: MetricsParams,
  verdicts: readonly CaseVerdict[] = judgeCases(data.cases, p),
): Omit<Metrics, 'coverageGaps'> {
  const flag = (kind: BucketKind, key: string, total: number, repeats: number): boolean =>
    !(kind === 'PRODUCT' && key === NO_PRODUCT) &&
    total >= p.minCases &&
    total > 0 &&
    repeats / total > p.threshold;
  const bucket = (
    kind: BucketKind,
    key: string,
    label: string,
    total: number,
    repeats: number,
  ): RateBucket => ({
    key,
    label,
    kind,
    total,
    repeats,
    rate: ratio(repeats, total),
    flagged: flag(kind, key, total, repeats),
  });

  // Weeks: every ISO week of the period, empty ones included, oldest first.
  const weeks = new Map<string, { total: number; repeats: number }>();
  for (let w = mondayOf(p.since); w <= p.until.getTime(); w += 7 * DAY_MS)
    weeks.set(day(w), { total: 0, repeats: 0 });
  const products = new Map<string, { total: number; repeats: number }>();
  const faults = new Map<string, { total: number; repeats: number }>();
  const add = (m: Map<string, { total: number; repeats: number }>, key: string, rep: boolean) => {
    const c = m.get(key) ?? { total: 0, repeats: 0 };
    c.total += 1;
    if (rep) c.repeats += 1;
    m.set(key, c);
  };
  for (const v of verdicts) {
    add(weeks, day(mondayOf(new Date(v.kase.createdAt))), v.repeat);
    add(products, productOf(v.kase) ?? NO_PRODUCT, v.repeat);
    for (const f of new Set(v.kase.reports.map((r) => r.faultId)))
      add(faults, f, v.repeatedFaults.has(f));
  }

  const repeatByWeek = [...weeks].map(([k, c]) => bucket('WEEK', k, k, c.total, c.repeats));
  const repeatByProduct = [...products]
    .map(([k, c]) =>
      bucket(
        'PRODUCT',
        k,
        k === NO_PRODUCT ? 'no product' : (data.productLabels.get(k) ?? k),
        c.total,
        c.repeats,
      ),
    )
    .sort((a, b) => b.total - a.total || compare(a.key, b.key));
  const allFaults = [...faults]
    .map(([k, c]) => bucket('FAULT', k, data.faultLabels.get(k) ?? k, c.total, c.repeats))
    .sort(byRepeats);
  const flagged = [...repeatByProduct, ...allFaults]
    .filter((b) => b.flagged)
    .sort(
      (a, b) =>
        (b.rate ?? 0) - (a.rate ?? 0) ||
        b.repeats - a.repeats ||
        compare(a.kind, b.kind) ||
        compare(a.key, b.key),
    );

  const cases = verdicts.length;
  const repeats = verdicts.filter((v) => v.repeat).length;
  const linked = verdicts.filter((v) => v.linked).length;
  const reused = verdicts.filter((v) => v.reused).length;
  const fromDay = day(p.since.getTime());
  const toDay = day(p.until.getTime());
  const usage = data.usage.filter((u) => u.day >= fromDay && u.day <= toDay);
  const sum = (f: (u: UsageCounts) => number) => usage.reduce((a, u) => a + f(u), 0);
  const answersServed = sum((u) => u.answersServed);
  const helpful = sum((u) => u.helpful);
  return {
    generatedAt: data.generatedAt.toISOString(),
    since: p.since.toISOString(),
    until: p.until.toISOString(),
    windowDays: p.windowDays,
    threshold: p.threshold,
    cases,
    casesWithCustomer: verdicts.filter((v) => v.kase.customerId !== null).length,
    repeats,
    repeatRate: ratio(repeats, cases),
    repeatByWeek,
    repeatByProduct,
    repeatByFault: allFaults.slice(0, p.maxFaults),
    topRepeatFaults: allFaults.filter((b) => b.repeats > 0).slice(0, p.top),
    flagged,
    deflection: {
      questions: sum((u) => u.questions),
      answersServed,
      helpful,
      rate: ratio(helpful, answersServed),
    },
    linkRate: {
      cases,
      linked,
      rate: ratio(linked, cases),
      reused,
      reuseRate: ratio(reused, cases),
    },
  };
}

/** Most repeats first, then highest rate, most cases, key. */
function byRepeats(a: RateBucket, b: RateBucket): number {
  return (
    b.repeats - a.repeats ||
    (b.rate ?? 0) - (a.rate ?? 0) ||
    b.total - a.total ||
    compare(a.key, b.key)
  );
}

/** Monday 00:00 UTC of the ISO week of `d`, in ms. */
export function mondayOf(d: Date): number {
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sinceMonday = (d.getUTCDay() + 6) % 7;
  return midnight - sinceMonday * DAY_MS;
}

/** `YYYY-MM-DD` (UTC) of a time in ms. */
export function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : Math.round((a / b) * 10_000) / 10_000;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
