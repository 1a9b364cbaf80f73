import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import { createServer, type Server } from '../src/server.js';
import { createServices, type Services } from '../src/services.js';
import { graphqlClient } from './support/graphql.js';
import { ROOT_DIR, seededAnswerService, type Seeded } from './support/seeded.js';

/**
 * Review decisions in answers, and the fields the curation page reads: the seeded graph plus the
 * UI fixture tickets (imported with the default job, so their facts are NOT_VALIDATED: answerable,
 * unreviewed).
 */
const CURATOR = 'curator-key-0123456789abcdef';
const BOT = 'bot-key-0123456789abcdef';
let seeded: Seeded;
let server: Server;
let services: Services;
const gql = graphqlClient(() => server);

const ANSWER = `query ($q: String!) { answer(input: { question: $q, first: 3 }) {
  cached candidates { score confidence fault { id state } solution { id state } } } }`;
interface AnswerData {
  answer: {
    cached: boolean;
    candidates: {
      score: number;
      confidence: number;
      fault: { id: string; state: string };
      solution: { id: string; state: string } | null;
    }[];
  };
}
const QUESTION = 'NFC payment does not work at the metro gate';
let changeset: string;

beforeAll(async () => {
  seeded = await seededAnswerService();
  const config = loadConfig({
    KG_AUTH: 'on',
    KG_API_KEYS: `b:bot:${BOT},c:curator:${CURATOR}`,
    LOG_LEVEL: 'silent',
  });
  services = createServices({
    store: seeded.store,
    schema: schemaFromOntology(seeded.ontology),
    ontology: seeded.ontology,
    answers: seeded.answers,
    job: seeded.job,
  });
  server = createServer({ config, services, log: pino({ level: 'silent' }) });
  const data = fs.readFileSync(path.join(ROOT_DIR, 'test/fixtures/ui/tickets.jsonl'), 'utf8');
  const summary = await services.ingest(data, 'jsonl', null);
  expect(summary.imported).toBe(2);
  changeset = summary.changesets[0]!;
});
afterAll(async () => {
  await seeded.close();
});

describe('the KCS state in answers', () => {
  it('approving an unreviewed fault raises its confidence, and the cached answer is evicted', async () => {
    const before = await gql<AnswerData>(ANSWER, { q: QUESTION }, BOT);
    expect(before.errors).toBeUndefined();
    const top = before.data.answer.candidates[0]!;
    expect(top.fault.state).toBe('NOT_VALIDATED');
    expect((await gql<AnswerData>(ANSWER, { q: QUESTION }, BOT)).data.answer.cached).toBe(true);

    const r = await gql<{ reviewFact: { state: string } }>(
      'mutation ($id: ID!) { reviewFact(id: $id, decision: APPROVE) { state } }',
      { id: top.fault.id },
      CURATOR,
    );
    expect(r.data.reviewFact.state).toBe('VALIDATED');

    const after = await gql<AnswerData>(ANSWER, { q: QUESTION }, BOT);
    expect(after.data.answer.cached).toBe(false);
    const again = after.data.answer.candidates[0]!;
    expect(again.fault).toEqual({ id: top.fault.id, state: 'VALIDATED' });
    // The trust factor (0.8) came off the score: same match, score / 0.8.
    expect(again.score).toBeCloseTo(top.score / 0.8, 2);
    expect(again.confidence).toBeGreaterThan(top.confidence);
  });
});

describe('fields for the curation page', () => {
  it('a fault has its concept path in either language, and solutions their evidence counts', async () => {
    const r = await gql<{
      fault: {
        zh: { id: string; label: string }[];
        en: { id: string; label: string }[];
        solutions: { id: string; evidenceCount: number; cases: { id: string }[] }[];
      };
    }>(
      `{ fault(id: "flt-server-down-psu") { zh: conceptPath(lang: zh) { id label }
         en: conceptPath(lang: en) { id label } solutions { id evidenceCount cases { id } } } }`,
      {},
      BOT,
    );
    expect(r.errors).toBeUndefined();
    const { zh, en, solutions } = r.data.fault;
    expect(zh.map((c) => c.id)).toEqual(en.map((c) => c.id));
    expect(zh[0]).toEqual({ id: 'power-module', label: '电源模块' });
    expect(en[0]).toEqual({ id: 'power-module', label: 'power module' });
    expect(zh.length).toBeGreaterThan(1);
    expect(solutions.length).toBeGreaterThan(0);
    for (const s of solutions) expect(s.evidenceCount).toBe(s.cases.length);
    expect(solutions.some((s) => s.evidenceCount > 0)).toBe(true);
  });

  it('a changeset lists the nodes it changed (a ticket merged into a known fault)', async () => {
    const more = fs.readFileSync(
      path.join(ROOT_DIR, 'test/fixtures/ui/more-tickets.jsonl'),
      'utf8',
    );
    const summary = await services.ingest(more, 'jsonl', null);
    expect(summary.merged).toBeGreaterThanOrEqual(1);
    const r = await gql<{
      changesets: { id: string; changedCount: number; changed: { type: string; id: string }[] }[];
    }>('{ changesets { id changedCount changed { type id } } }', {}, CURATOR);
    expect(r.errors).toBeUndefined();
    const first = r.data.changesets.find((c) => c.id === changeset)!;
    expect(first.changed).toEqual([]);
    const cs = r.data.changesets.find((c) => c.id === summary.changesets[0])!;
    expect(cs.changed).toHaveLength(cs.changedCount);
    expect(cs.changed).toContainEqual({ type: 'Fault', id: 'flt-not-charging' });
  });
});
