import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../src/errors.js';
import { loadValidOntology } from '../src/graph/bootstrap.js';
import { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../src/graph/cypher/grafeo-runner.js';
import type { Ontology } from '../src/graph/ontology/model.js';
import { applyOntology } from '../src/graph/ontology/plan.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import type { Metrics } from '../src/metrics/compute.js';
import { clusterGaps } from '../src/metrics/gaps.js';
import { escapeHtml, formatReport, renderHtml } from '../src/metrics/report.js';
import { MetricsService, settle } from '../src/metrics/service.js';
import { UsageRecorder } from '../src/metrics/usage.js';
import { Tokenizer } from '../src/text/index.js';
import { tempDir } from './support/cli.js';
import { HOSTILE_SUBJECT, HOSTILE_TITLE, metricsBatch, PERIOD } from './support/metrics-fixture.js';
import { ROOT_DIR } from './support/seeded.js';

/*
 * The hand-made graph of support/metrics-fixture.ts, worked out by hand (window 7 days):
 *
 * in the period: K1–K12 and K14 = 13 cases (K0 is history, K13 is after); K8 names no customer.
 * repeats: K1 (C1 had K0 on f-psu 5 days before), K7 (C4 had K6 on f-sim), K14 (C1 had K1 on
 *   f-psu 6 days before) = 3 → 3/13 = 0.2308. K3 is not one: K2 was 8 days before.
 * weeks: 09-07: K1 K2 K4 K5 K12 → 1/5 = 0.2; 09-14: K3 K6 K7 K8 K9 K10 K11 K14 → 2/8 = 0.25
 *   (not above 0.25: not flagged).
 * products (ticket's, else fault's): p-cloud K1 K2 K3 K4 K5 K14 → 2/6; p-phone K6 K7 K8 K12 →
 *   1/4 = 0.25; none K9 K10 K11 → 0/3.
 * faults: f-psu K1 K2 K3 K5 K14 → 2/5 = 0.4; f-sim K6 K7 K8 → 1/3; f-disk, f-old, f-new1,
 *   f-new2 → 0/1.
 * flagged (> 0.25): f-psu 0.4, p-cloud 0.3333 (2 repeats), f-sim 0.3333 (1 repeat).
 * link rate: K9 (no fault) and K12 (ARCHIVED fault) unlinked → 11/13; reused (fault existed):
 *   also not K10, K11 (created their fault) → 9/13.
 * coverage gaps: K9, K10, K11 share printer/paper/jam → one cluster of 3; K12 alone.
 */

let ontology: Ontology;
let dir: string;
let store: CypherStore;
let tokenizer: Tokenizer;
const clock = () => new Date('2026-09-25T12:00:00Z');

async function openStore(): Promise<CypherStore> {
  const s = new CypherStore(new GrafeoRunner({ dir }), schemaFromOntology(ontology), {
    now: () => new Date('2026-09-16T10:00:00Z'),
  });
  await s.migrate();
  return s;
}

function service(usage: UsageRecorder | null = null): MetricsService {
  return new MetricsService({
    store,
    tokenizer,
    usage,
    defaults: { windowDays: 7, threshold: 0.25 },
    clock,
  });
}

beforeAll(async () => {
  ontology = await loadValidOntology(path.join(ROOT_DIR, 'ontology'));
  dir = tempDir('kg-metrics-');
  store = await openStore();
  await applyOntology(store, ontology);
  await store.apply(metricsBatch());
  tokenizer = new Tokenizer();
});

afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bucket = (
  kind: string,
  key: string,
  label: string,
  total: number,
  repeats: number,
  rate: number | null,
  flagged: boolean,
) => ({ kind, key, label, total, repeats, rate, flagged });

describe('operational metrics on a hand-made graph', () => {
  let m: Metrics;
  beforeAll(async () => {
    m = await service().metrics(PERIOD);
  });

  it('counts cases and repeat inquiries of the period only', () => {
    expect(m.since).toBe('2026-09-07T00:00:00.000Z');
    expect(m.until).toBe('2026-09-20T23:59:59.999Z');
    expect(m.generatedAt).toBe('2026-09-25T12:00:00.000Z');
    expect([m.cases, m.casesWithCustomer, m.repeats, m.repeatRate]).toEqual([13, 12, 3, 0.2308]);
  });

  it('buckets by ISO week, product and fault, and flags above the threshold', () => {
    expect(m.repeatByWeek).toEqual([
      bucket('WEEK', '2026-09-07', '2026-09-07', 5, 1, 0.2, false),
      bucket('WEEK', '2026-09-14', '2026-09-14', 8, 2, 0.25, false),
    ]);
    expect(m.repeatByProduct).toEqual([
      bucket('PRODUCT', 'p-cloud', 'Cloud Server', 6, 2, 0.3333, true),
      bucket('PRODUCT', 'p-phone', 'Smartphone', 4, 1, 0.25, false),
      bucket('PRODUCT', '(none)', 'no product', 3, 0, 0, false),
    ]);
    expect(m.repeatByFault).toEqual([
      bucket('FAULT', 'f-psu', 'Server down: PSU failed', 5, 2, 0.4, true),
      bucket('FAULT', 'f-sim', HOSTILE_TITLE, 3, 1, 0.3333, true),
      bucket('FAULT', 'f-disk', 'Disk full', 1, 0, 0, false),
      bucket('FAULT', 'f-new1', 'printer paper jam again', 1, 0, 0, false),
      bucket('FAULT', 'f-new2', 'Paper jam in the printer tray', 1, 0, 0, false),
      bucket('FAULT', 'f-old', 'Battery drain', 1, 0, 0, false),
    ]);
    expect(m.topRepeatFaults.map((b) => b.key)).toEqual(['f-psu', 'f-sim']);
    expect(m.flagged.map((b) => `${b.kind}:${b.key}`)).toEqual([
      'FAULT:f-psu',
      'PRODUCT:p-cloud',
      'FAULT:f-sim',
    ]);
  });

  it('measures link rate (not ARCHIVED) and reuse (the fault existed before the case)', () => {
    expect(m.linkRate).toEqual({
      cases: 13,
      linked: 11,
      rate: 0.8462,
      reused: 9,
      reuseRate: 0.6923,
    });
  });

  it('clusters the tickets that matched no fault by shared terms, examples newest first', () => {
    expect(m.coverageGaps).toEqual([
      {
        label: 'jam · paper',
        count: 3,
        examples: [
          'Paper jam in the printer tray',
          'printer paper jam again',
          'Printer paper jam error E12',
        ],
        caseIds: ['K11', 'K10', 'K9'],
      },
      {
        // A case alone is labelled by its own (masked) subject.
        label: HOSTILE_SUBJECT,
        count: 1,
        examples: [HOSTILE_SUBJECT],
        caseIds: ['K12'],
      },
    ]);
  });

  it('follows the window, the threshold, the minimum cases and the product filter', async () => {
    const wide = await service().metrics({ ...PERIOD, windowDays: 10 });
    // K3 is now a repeat (K2 was 8 days before).
    expect(wide.repeats).toBe(4);
    const strict = await service().metrics({ ...PERIOD, threshold: 0.2, minCases: 4 });
    expect(strict.flagged.map((b) => b.key)).toEqual(['f-psu', 'p-cloud', 'p-phone']);
    expect(strict.repeatByWeek.map((b) => b.flagged)).toEqual([false, true]);
    const phone = await service().metrics({ ...PERIOD, product: 'p-phone' });
    expect([phone.cases, phone.repeats, phone.linkRate.linked]).toEqual([4, 1, 3]);
    const top = await service().metrics({ ...PERIOD, top: 1, maxFaults: 2 });
    expect(top.topRepeatFaults.map((b) => b.key)).toEqual(['f-psu']);
    expect(top.repeatByFault.map((b) => b.key)).toEqual(['f-psu', 'f-sim']);
    expect(top.coverageGaps).toHaveLength(1);
  });

  it('defaults to the 12 weeks before now and refuses bad input with the field named', () => {
    const p = settle({}, clock(), { windowDays: 7, threshold: 0.25 });
    expect(p.until.toISOString()).toBe('2026-09-25T12:00:00.000Z');
    expect(p.since.toISOString()).toBe('2026-07-03T12:00:00.000Z');
    const bad = (input: Parameters<typeof settle>[0]) => () =>
      settle(input, clock(), { windowDays: 7, threshold: 0.25 });
    expect(bad({ since: 'last week' })).toThrow(/since must be an ISO date/);
    expect(bad({ since: '2026-09-10', until: '2026-09-01' })).toThrow(BadInputError);
    expect(bad({ windowDays: 0 })).toThrow(/windowDays must be an integer from 1 to 365/);
    expect(bad({ threshold: 1.5 })).toThrow(/threshold must be a share/);
    expect(bad({ top: 1000 })).toThrow(/top must be an integer/);
  });
});

describe('deflection: answers served and HELPFUL feedback survive a restart', () => {
  it('counts pending answers at once, writes them in one batch, and reads them after reopening', async () => {
    const usage = new UsageRecorder(store, { flushMs: 3_600_000, clock });
    for (const served of [true, true, false, true, true]) usage.answered(served);
    // Not written yet (the timer is an hour), but the query adds what is pending.
    expect(await store.usage('2026-09-01', '2026-09-30')).toEqual([]);
    expect(
      (await service(usage).metrics({ since: '2026-09-20', until: '2026-09-26' })).deflection,
    ).toEqual({
      questions: 5,
      answersServed: 4,
      helpful: 0,
      rate: 0,
    });
    // Feedback is written at once, on the store's day (2026-09-16).
    await store.recordOutcome('s-fix', 'HELPFUL', 'K1');
    await store.recordOutcome('s-fix', 'HELPFUL', 'K2');
    await store.recordOutcome('s-fix', 'NOT_HELPFUL', 'K2');
    await usage.close();
    expect(await store.usage('2026-09-01', '2026-09-30')).toEqual([
      { day: '2026-09-16', questions: 0, answersServed: 0, helpful: 1 },
      { day: '2026-09-25', questions: 5, answersServed: 4, helpful: 0 },
    ]);

    // Restart: close the database files and open them again.
    await store.close();
    store = await openStore();
    const after = await service().metrics({ since: '2026-09-07', until: '2026-09-30' });
    expect(after.deflection).toEqual({ questions: 5, answersServed: 4, helpful: 1, rate: 0.25 });
    // Days outside the period do not count.
    const before = await service().metrics({ since: '2026-09-07', until: '2026-09-20' });
    expect(before.deflection).toEqual({ questions: 0, answersServed: 0, helpful: 1, rate: null });
    // The figures of the first suite are unchanged by the restart.
    expect((await service().metrics(PERIOD)).repeats).toBe(3);
  });

  it('keeps the counts when a write fails and writes them with the next flush', async () => {
    let fail = true;
    const written: unknown[] = [];
    const usage = new UsageRecorder(
      {
        addUsage: (c) => {
          if (fail) return Promise.reject(new Error('store down'));
          written.push(...c);
          return Promise.resolve();
        },
      },
      { flushMs: 3_600_000, clock },
    );
    usage.answered(true);
    await usage.flush();
    expect(usage.pending()).toEqual([
      { day: '2026-09-25', questions: 1, answersServed: 1, helpful: 0 },
    ]);
    fail = false;
    usage.answered(false);
    await usage.close();
    expect(written).toEqual([{ day: '2026-09-25', questions: 2, answersServed: 1, helpful: 0 }]);
    expect(usage.pending()).toEqual([]);
  });
});

describe('coverage-gap clustering', () => {
  const item = (id: string, createdAt: string, features: string[]) => ({
    id,
    createdAt,
    text: `text ${id}`,
    features,
  });

  it('is greedy and deterministic: largest shared feature first, concepts before terms on ties', () => {
    const items = [
      item('a', '2026-01-01', ['concept:wifi', 'router', 'slow']),
      item('b', '2026-01-02', ['concept:wifi', 'router']),
      item('c', '2026-01-03', ['router', 'slow']),
      item('d', '2026-01-04', ['invoice', 'pdf']),
      item('e', '2026-01-05', ['invoice', 'pdf', 'email']),
      item('f', '2026-01-06', ['lonely']),
    ];
    const labels = (f: string) => f.replace('concept:', 'C/');
    const gaps = clusterGaps(items, { top: 10, generic: new Set(), labelOf: labels });
    expect(gaps.map((g) => [g.label, g.caseIds])).toEqual([
      ['router · C/wifi', ['c', 'b', 'a']],
      ['invoice · pdf', ['e', 'd']],
      ['text f', ['f']],
    ]);
    // A generic feature is never a cluster; ties between a concept and a term go to the concept.
    const noRouter = clusterGaps(items, { top: 10, generic: new Set(['router']), labelOf: labels });
    expect(noRouter[0]).toMatchObject({ label: 'C/wifi', caseIds: ['b', 'a'] });
    expect(
      clusterGaps([...items].reverse(), { top: 2, generic: new Set(), labelOf: labels }),
    ).toEqual(gaps.slice(0, 2));
  });
});

describe('kg report rendering', () => {
  let m: Metrics;
  beforeAll(async () => {
    m = await service().metrics(PERIOD);
  });

  it('prints the figures as text without the terminal escapes of ticket text', () => {
    const text = formatReport(m);
    expect(text).toContain('repeat inquiries     3 (23.1 % of cases)');
    expect(text).toContain('11 / 13 linked to a fault (84.6 %)');
    expect(text).toMatch(/40\.0 %\s+2 \/ 5\s+FLAGGED Server down: PSU failed \[f-psu\]/);
    expect(text).toContain('jam · paper');
    expect(text).not.toContain('\u001b');
  });

  it('writes one self-contained HTML page with the figures, the charts and no markup from the data', () => {
    const out = path.join(dir, 'report.html');
    fs.writeFileSync(out, renderHtml(m));
    const html = fs.readFileSync(out, 'utf8');
    // Only the page's own three script elements: the data block, Chart.js and the page script.
    expect(html.match(/<script/gi)).toHaveLength(3);
    expect(html).toContain('<script type="application/json" id="metrics-data">');
    expect(html).toContain('Chart.js v4.5.1');
    expect(html).not.toMatch(/<script[^>]+src=|https?:\/\/cdn/i);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('</script><img');
    expect(html).toContain(escapeHtml(HOSTILE_TITLE));
    expect(html).toContain(escapeHtml(HOSTILE_SUBJECT));
    // The figures a support lead reads.
    for (const figure of ['23.1 %', '84.6 %', '69.2 %', '40.0 %', 'Cloud Server', 'jam · paper'])
      expect(html).toContain(figure);
    // The chart data round-trips exactly.
    const json = /<script type="application\/json" id="metrics-data">(.*?)<\/script>/s.exec(
      html,
    )![1]!;
    expect(JSON.parse(json)).toEqual(m);
    expect(json).not.toMatch(/[<>]/);
  });
});
