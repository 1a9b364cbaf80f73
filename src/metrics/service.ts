import { localized } from '../answer/answer-service.js';
import { BadInputError } from '../errors.js';
import { maskPii } from '../extract/pii.js';
import type { GraphStore, UsageCounts } from '../graph/store.js';
import type { Tokenizer } from '../text/index.js';
import {
  computeMetrics,
  day,
  judgeCases,
  productOf,
  type CaseVerdict,
  type Metrics,
  type MetricsParams,
} from './compute.js';
import { clusterGaps, CONCEPT_FEATURE, type GapItem } from './gaps.js';
import type { UsageRecorder } from './usage.js';

/** The `metrics` query's input (every field optional; see `settle`). */
export interface MetricsRequest {
  since?: string | null;
  until?: string | null;
  windowDays?: number | null;
  threshold?: number | null;
  product?: string | null;
  minCases?: number | null;
  top?: number | null;
  maxFaults?: number | null;
}

export interface MetricsDefaults {
  /** Repeat window in days (the answer service's, KG_REPEAT_WINDOW_DAYS). */
  windowDays: number;
  /** Flag above this repeat-inquiry rate (KG_REPEAT_THRESHOLD). */
  threshold: number;
}

const DAY_MS = 86_400_000;
/** Default period: the 12 weeks before `until`. */
const DEFAULT_WEEKS = 12;
/** Longest period one query may cover. */
const MAX_PERIOD_DAYS = 3 * 366;
/** A term shared by more than this share of the period's cases is too common to name a gap. */
const GENERIC_SHARE = 0.5;
/** …but only judged so once the period has this many cases. */
const GENERIC_MIN_CASES = 10;
const PLACEHOLDER = /<[A-Z_]{2,20}>/g;
const ONLY_DIGITS = /^\d+$/;

/**
 * The operational metrics: reads the period's cases, day counters, fault and product labels from
 * the store, then computes (pure: `compute.ts`, `gaps.ts`). Text in the output (fault statements,
 * example subjects) is PII-masked again before it leaves, whatever path put it in the graph.
 */
export class MetricsService {
  constructor(
    private readonly deps: {
      store: GraphStore;
      tokenizer: Tokenizer;
      usage: UsageRecorder | null;
      defaults: MetricsDefaults;
      clock?: () => Date;
    },
  ) {}

  async metrics(input: MetricsRequest = {}): Promise<Metrics> {
    const now = this.deps.clock?.() ?? new Date();
    const p = settle(input, now, this.deps.defaults);
    const { store } = this.deps;
    // Earlier cases of the window count as history; a day of slack on both sides covers ISO
    // strings that compare differently from the instants (fractions of seconds).
    const cases = await store.metricCases(
      new Date(p.since.getTime() - (p.windowDays + 1) * DAY_MS).toISOString(),
      new Date(p.until.getTime() + DAY_MS).toISOString(),
    );
    const usage = mergeUsage(
      await store.usage(day(p.since.getTime()), day(p.until.getTime())),
      this.deps.usage?.pending() ?? [],
    );
    const verdicts = judgeCases(cases, p);
    const faultIds = [...new Set(verdicts.flatMap((v) => v.kase.reports.map((r) => r.faultId)))];
    const faults = await store.getNodes('Fault', faultIds);
    const faultLabels = new Map(
      faults.map((f) => [f.id, mask(localized(f.props, 'title', 'en') ?? f.id)]),
    );
    const productIds = [...new Set(verdicts.map((v) => productOf(v.kase) ?? ''))].filter(
      (x) => x !== '',
    );
    const products = await store.getNodes('Product', productIds);
    const productLabels = new Map(
      products.map((x) => [x.id, localized(x.props, 'name', 'en') ?? x.id]),
    );
    const base = computeMetrics(
      { cases, usage, faultLabels, productLabels, generatedAt: now },
      p,
      verdicts,
    );
    return { ...base, coverageGaps: await this.gaps(verdicts, p.top) };
  }

  private async gaps(
    verdicts: readonly CaseVerdict[],
    top: number,
  ): Promise<Metrics['coverageGaps']> {
    const gapCases = verdicts.filter((v) => !v.reused).map((v) => v.kase);
    if (gapCases.length === 0) return [];
    const faultIds = [...new Set(gapCases.flatMap((k) => k.reports.map((r) => r.faultId)))];
    const conceptsOf = new Map<string, string[]>();
    for (const n of await this.deps.store.neighbours('Fault', faultIds, 'INSTANCE_OF', 'out'))
      conceptsOf.set(n.id, [...(conceptsOf.get(n.id) ?? []), n.other.id]);
    const conceptIds = [...new Set([...conceptsOf.values()].flat())];
    const conceptLabels = new Map(
      (await this.deps.store.readOntology()).concepts
        .filter((c) => conceptIds.includes(c.id))
        .map((c) => [c.id, c.labels.en ?? Object.values(c.labels)[0] ?? c.id]),
    );
    // Terms of every case's subject: the generic ones, and each gap case's features.
    const surface = new Map<string, Map<string, number>>();
    const termsOf = (text: string | null): string[] => this.terms(text, surface);
    const share = new Map<string, number>();
    for (const v of verdicts)
      for (const t of new Set(termsOf(v.kase.subject))) share.set(t, (share.get(t) ?? 0) + 1);
    const generic = new Set(
      verdicts.length < GENERIC_MIN_CASES
        ? []
        : [...share].filter(([, n]) => n / verdicts.length > GENERIC_SHARE).map(([t]) => t),
    );
    const items: GapItem[] = gapCases.map((k) => ({
      id: k.id,
      createdAt: k.createdAt,
      text: k.subject === null ? null : mask(k.subject),
      features: [
        ...new Set([
          ...termsOf(k.subject),
          ...k.reports.flatMap((r) =>
            (conceptsOf.get(r.faultId) ?? []).map((c) => CONCEPT_FEATURE + c),
          ),
        ]),
      ],
    }));
    return clusterGaps(items, {
      top,
      generic,
      labelOf: (f) =>
        f.startsWith(CONCEPT_FEATURE)
          ? (conceptLabels.get(f.slice(CONCEPT_FEATURE.length)) ?? f.slice(CONCEPT_FEATURE.length))
          : surfaceOf(f, surface),
    });
  }

  /**
   * Distinct retrieval tokens of a text (PII placeholders, one-character tokens and short numbers
   * dropped), recording which written word each English stem came from, for labels.
   */
  private terms(text: string | null, surface: Map<string, Map<string, number>>): string[] {
    if (!text) return [];
    const clean = text.replace(PLACEHOLDER, ' ');
    for (const [word] of clean.toLowerCase().matchAll(/[a-z][a-z0-9]*/g)) {
      const [stem] = this.deps.tokenizer.tokens(word);
      if (stem === undefined || stem === word) continue;
      const forms = surface.get(stem) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + 1);
      surface.set(stem, forms);
    }
    return [
      ...new Set(
        this.deps.tokenizer
          .tokens(clean)
          .filter((t) => [...t].length > 1 && !(ONLY_DIGITS.test(t) && t.length < 3)),
      ),
    ];
  }
}

/** The most frequent written form of a stem (ties: shorter, then alphabetical), or the stem. */
function surfaceOf(
  stem: string,
  surface: ReadonlyMap<string, ReadonlyMap<string, number>>,
): string {
  const forms = surface.get(stem);
  if (!forms) return stem;
  return [...forms].sort(
    ([a, na], [b, nb]) => nb - na || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0),
  )[0]![0];
}

function mask(text: string): string {
  return maskPii(text).text;
}

function mergeUsage(
  stored: readonly UsageCounts[],
  pending: readonly UsageCounts[],
): UsageCounts[] {
  const byDay = new Map(stored.map((u) => [u.day, { ...u }]));
  for (const p of pending) {
    const u = byDay.get(p.day) ?? { day: p.day, questions: 0, answersServed: 0, helpful: 0 };
    u.questions += p.questions;
    u.answersServed += p.answersServed;
    u.helpful += p.helpful;
    byDay.set(p.day, u);
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses an ISO date or date-time. A date alone is that day's start (UTC) for `since` and its
 * end for `until`, so `until: "2026-10-31"` includes the whole of 31 October.
 */
export function parseInstant(value: string, name: string, end: boolean): Date {
  const text = value.trim();
  const ms = DATE_ONLY.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(text))
    throw new BadInputError(
      `${name} must be an ISO date (YYYY-MM-DD) or date-time, got '${text.slice(0, 40)}'`,
    );
  return new Date(DATE_ONLY.test(text) && end ? ms + DAY_MS - 1 : ms);
}

/** Fills in defaults and checks every input; throws BadInputError naming the field. */
export function settle(input: MetricsRequest, now: Date, d: MetricsDefaults): MetricsParams {
  const until = input.until ? parseInstant(input.until, 'until', true) : now;
  const since = input.since
    ? parseInstant(input.since, 'since', false)
    : new Date(until.getTime() - DEFAULT_WEEKS * 7 * DAY_MS);
  if (since.getTime() > until.getTime()) throw new BadInputError('since must not be after until');
  if (until.getTime() - since.getTime() > MAX_PERIOD_DAYS * DAY_MS)
    throw new BadInputError(`the period may be at most ${MAX_PERIOD_DAYS} days`);
  const int = (
    v: number | null | undefined,
    name: string,
    def: number,
    min: number,
    max: number,
  ) => {
    const n = v ?? def;
    if (!Number.isInteger(n) || n < min || n > max)
      throw new BadInputError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const threshold = input.threshold ?? d.threshold;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1)
    throw new BadInputError('threshold must be a share from 0 to 1');
  return {
    since,
    until,
    windowDays: int(input.windowDays, 'windowDays', d.windowDays, 1, 365),
    threshold,
    product: input.product ?? null,
    minCases: int(input.minCases, 'minCases', 1, 1, 1_000_000),
    top: int(input.top, 'top', 10, 1, 100),
    maxFaults: int(input.maxFaults, 'maxFaults', 200, 1, 5000),
  };
}
