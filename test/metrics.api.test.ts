import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { UsageRecorder } from '../src/metrics/usage.js';
import { createServer, type Server } from '../src/server.js';
import { seededAnswerService, type Seeded, servicesOf } from './support/seeded.js';

/**
 * The `metrics` query through `yoga.fetch()` over the shipped seed: the agreed SDL (a web
 * dashboard is built against it), permissions, and answers and feedback counted for deflection.
 */
const KEYS = { bot: 'bot-key-0123456789abcdef', importer: 'importer-key-0123456789abcdef' };

let seeded: Seeded;
let server: Server;
let usage: UsageRecorder;

async function gql<T>(
  query: string,
  role: keyof typeof KEYS | null = 'bot',
): Promise<{ data: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const res = await server.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(role ? { authorization: `Bearer ${KEYS[role]}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data: T; errors?: { message: string }[] };
}

beforeAll(async () => {
  seeded = await seededAnswerService();
  usage = new UsageRecorder(seeded.store, { flushMs: 3_600_000 });
  const services = servicesOf(seeded, {
    tokenizer: seeded.tokenizer,
    usage,
    metrics: { windowDays: 7, threshold: 0.25 },
  });
  server = createServer({
    config: loadConfig({
      KG_AUTH: 'on',
      KG_API_KEYS: `b:bot:${KEYS.bot},i:importer:${KEYS.importer}`,
      LOG_LEVEL: 'silent',
    }),
    services,
    log: pino({ level: 'silent' }),
  });
});

afterAll(async () => {
  await usage.close();
  await seeded.close();
});

/** Every field of the agreed SDL (/work/helper-notes/METRICS_SDL.graphql): none may go. */
const AGREED = `{
  metrics(input: { since: "2026-08-01", until: "2026-10-31", windowDays: 7, threshold: 0.25 }) {
    generatedAt since until windowDays threshold cases repeats repeatRate
    repeatByWeek { key label kind total repeats rate flagged }
    repeatByProduct { key label kind total repeats rate flagged }
    repeatByFault { key label kind total repeats rate flagged }
    topRepeatFaults { key label kind total repeats rate flagged }
    flagged { key label kind total repeats rate flagged }
    deflection { answersServed helpful rate }
    linkRate { cases linked rate }
    coverageGaps { label count examples caseIds }
  }
}`;

interface M {
  metrics: {
    cases: number;
    repeats: number;
    repeatRate: number;
    since: string;
    until: string;
    repeatByWeek: { key: string; kind: string }[];
    repeatByProduct: { key: string; label: string; total: number }[];
    flagged: { key: string; kind: string; rate: number }[];
    deflection: { questions?: number; answersServed: number; helpful: number; rate: number | null };
    linkRate: { cases: number; linked: number; rate: number };
  };
}

describe('metrics query', () => {
  it('answers every field of the agreed SDL for a reader', async () => {
    const r = await gql<M>(AGREED);
    expect(r.errors).toBeUndefined();
    const m = r.data.metrics;
    // The seed: 119 tickets from August to October 2026, all linked to their curated fault.
    expect([m.cases, m.linkRate.cases, m.linkRate.linked, m.linkRate.rate]).toEqual([
      119, 119, 119, 1,
    ]);
    expect(m.since).toBe('2026-08-01T00:00:00.000Z');
    expect(m.repeatByWeek[0]).toMatchObject({ key: '2026-07-27', kind: 'WEEK' });
    expect(m.repeatByWeek).toHaveLength(14);
    expect(m.repeatByProduct.map((p) => p.label).sort()).toEqual([
      'Cloud Server',
      'Home Broadband',
      'Mobile Banking App',
      'Smartphone',
    ]);
    expect(m.repeats).toBeGreaterThan(0);
    expect(m.flagged.every((b) => b.rate > 0.25 && b.kind !== 'WEEK')).toBe(true);
  });

  it('needs the read permission: no key is UNAUTHENTICATED', async () => {
    const r = await gql<M>('{ metrics { cases } }', null);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gql<M>('{ metrics { cases } }', 'importer')).errors).toBeUndefined();
  });

  it('refuses bad input as BAD_USER_INPUT', async () => {
    const r = await gql<M>('{ metrics(input: { windowDays: 0 }) { cases } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/windowDays/);
  });

  it('counts answers served through the API and HELPFUL feedback for deflection', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const deflection = async () =>
      (
        await gql<M>(
          `{ metrics(input: { since: "${today}", until: "${today}" }) { deflection { questions answersServed helpful rate } } }`,
        )
      ).data.metrics.deflection;
    const before = await deflection();
    const ask = await gql<{ answer: { candidates: { solution: { id: string } | null }[] } }>(
      '{ answer(input: { question: "服务器突然宕机，控制台有电源告警" }) { candidates { solution { id } } } }',
    );
    const solution = ask.data.answer.candidates[0]!.solution!.id;
    await gql('{ answer(input: { question: "zzzz qqqq xxxx" }) { candidates { rank } } }');
    await gql(`mutation { recordFeedback(solutionId: "${solution}", outcome: HELPFUL) { id } }`);
    const after = await deflection();
    expect(after.questions! - before.questions!).toBe(2);
    expect(after.answersServed - before.answersServed).toBeGreaterThanOrEqual(1);
    expect(after.helpful - before.helpful).toBe(1);
    // Written to the graph on flush (and at shutdown), the same figures.
    await usage.flush();
    expect(await deflection()).toEqual(after);
  });
});
