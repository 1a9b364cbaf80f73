import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { SentenceClassifier } from '../src/extract/classify/classifier.js';
import { ExtractionJob } from '../src/extract/job.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import { createServer, type Server } from '../src/server.js';
import { createServices } from '../src/services.js';
import { seededAnswerService, type Seeded } from './support/seeded.js';

/**
 * Ingest, review and changesets through GraphQL (`yoga.fetch()`), on the seeded graph. The job
 * here marks every new fact WORK_IN_PROGRESS (minConfidence 1.01), so review decides visibility.
 */
const KEYS = {
  bot: 'bot-key-0123456789abcdef',
  curator: 'curator-key-0123456789abcdef',
  importer: 'importer-key-0123456789abcdef',
};
let seeded: Seeded;
let server: Server;

async function gql<T>(query: string, variables: Record<string, unknown>, role: keyof typeof KEYS) {
  const res = await server.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS[role]}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data: T;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

const TICKET = {
  id: 'ING-1',
  created_at: '2026-10-30T09:00:00Z',
  resolved_at: '2026-10-30T10:00:00Z',
  customer_id: 'Q1',
  product: 'prod-smartphone',
  subject: 'Phone camera app shows black screen with error 5519',
  description:
    'When I open the camera it only shows a black screen and error 5519. Call me on 13812345678.',
  cause: 'A corrupted camera cache after the update.',
  resolution: 'Clear the camera app cache in settings. Restart the phone.',
  status: 'resolved',
  lang: 'en',
};

const INGEST = `mutation ($data: String!) { ingestTickets(input: { data: $data }) {
  run read imported merged skipped quarantined changesets failure quarantine { line reason } skipReasons { reason count } } }`;
const ANSWER = `query ($q: String!) { answer(input: { question: $q, first: 5 }) { candidates { fault { id state } } } }`;

beforeAll(async () => {
  seeded = await seededAnswerService();
  const job = new ExtractionJob({
    store: seeded.store,
    answers: seeded.answers,
    tokenizer: seeded.tokenizer,
    classifier: SentenceClassifier.load({ tokenizer: seeded.tokenizer }),
    log: pino({ level: 'silent' }),
    resolve: { minConfidence: 1.01 },
  });
  const config = loadConfig({
    KG_AUTH: 'on',
    KG_API_KEYS: `b:bot:${KEYS.bot},c:curator:${KEYS.curator},i:importer:${KEYS.importer}`,
    LOG_LEVEL: 'silent',
  });
  const services = createServices({
    store: seeded.store,
    schema: schemaFromOntology(seeded.ontology),
    ontology: seeded.ontology,
    answers: seeded.answers,
    job,
  });
  server = createServer({ config, services, log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await seeded.close();
});

describe('ingestTickets, review and changesets', () => {
  let run: string;
  let faultId: string;

  it('only importers ingest', async () => {
    const r = await gql(INGEST, { data: JSON.stringify(TICKET) }, 'bot');
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const c = await gql(INGEST, { data: JSON.stringify(TICKET) }, 'curator');
    expect(c.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('ingests the readable tickets and fails with BAD_USER_INPUT when too many lines are bad, reconciling the counts', async () => {
    const data = [JSON.stringify(TICKET), '{"id": "broken', JSON.stringify({ id: 'ING-0' })].join(
      '\n',
    );
    const r = await gql<{ ingestTickets: null }>(INGEST, { data }, 'importer');
    expect(r.data).toBeNull();
    const [error] = r.errors ?? [];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toMatch(
      /^2 of 3 records \(66\.7 %\) could not be read, more than the allowed 1\.0 %; the readable records were imported$/,
    );
    const s = (
      error?.extensions as {
        details: {
          run: string;
          read: number;
          imported: number;
          merged: number;
          skipped: number;
          quarantined: number;
          quarantine: { line: number; reason: string }[];
          changesets: string[];
        };
      }
    ).details;
    expect(s.read).toBe(3);
    expect(s.imported + s.merged + s.skipped + s.quarantined).toBe(3);
    expect(s.quarantine.map((q) => q.line)).toEqual([2, 3]);
    expect(s.imported + s.merged).toBe(1);
    run = s.run;
    expect(s.changesets).toHaveLength(1);
    const links = await seeded.store.neighbours('Case', ['ING-1'], 'REPORTS', 'out');
    faultId = links[0]!.other.id;
    // The phone number never reached the graph.
    const [k] = await seeded.store.getNodes('Case', ['ING-1']);
    expect(JSON.stringify(k)).not.toContain('13812345678');
  });

  it('hides a WORK_IN_PROGRESS fault from answers and lists it in the review queue with provenance, by demand', async () => {
    const a = await gql<{ answer: { candidates: { fault: { id: string } }[] } }>(
      ANSWER,
      { q: 'camera black screen error 5519' },
      'bot',
    );
    expect(a.data.answer.candidates.map((c) => c.fault.id)).not.toContain(faultId);
    const q = await gql<{
      reviewQueue: {
        total: number;
        items: {
          id: string;
          type: string;
          state: string;
          demand: number;
          provenance: { caseId: string; sentence: string | null }[];
        }[];
      };
    }>(
      '{ reviewQueue(first: 50) { total items { id type state demand provenance { caseId sentence } } } }',
      {},
      'curator',
    );
    expect(q.errors).toBeUndefined();
    const item = q.data.reviewQueue.items.find((i) => i.id === faultId);
    expect(item).toMatchObject({ type: 'Fault', state: 'WORK_IN_PROGRESS' });
    expect(item!.demand).toBeGreaterThanOrEqual(1);
    expect(item!.provenance[0]).toMatchObject({ caseId: 'ING-1' });
    expect(item!.provenance[0]!.sentence).toMatch(/5519/);
    // Ordered by demand.
    const demands = q.data.reviewQueue.items.map((i) => i.demand);
    expect(demands).toEqual([...demands].sort((x, y) => y - x));
    const bot = await gql('{ reviewQueue { total } }', {}, 'bot');
    expect(bot.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('approving the fault makes it answerable', async () => {
    const r = await gql<{ reviewFact: { state: string } }>(
      'mutation ($id: ID!) { reviewFact(id: $id, decision: APPROVE) { state } }',
      { id: faultId },
      'curator',
    );
    expect(r.data.reviewFact.state).toBe('VALIDATED');
    const a = await gql<{ answer: { candidates: { fault: { id: string; state: string } }[] } }>(
      ANSWER,
      { q: 'camera black screen error 5519' },
      'bot',
    );
    expect(a.data.answer.candidates[0]!.fault).toEqual({ id: faultId, state: 'VALIDATED' });
  });

  it('rejects and merges with clear errors for bad requests', async () => {
    const bad = await gql(
      'mutation { reviewFact(id: "nope", decision: REJECT) { id } }',
      {},
      'curator',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const noTarget = await gql(
      'mutation ($id: ID!) { reviewFact(id: $id, decision: MERGE) { id } }',
      { id: faultId },
      'curator',
    );
    expect(noTarget.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const wrongType = await gql(
      'mutation ($id: ID!) { reviewFact(id: $id, decision: MERGE, mergeInto: "sol-replace-psu") { id } }',
      { id: faultId },
      'curator',
    );
    expect(wrongType.errors?.[0]?.message).toMatch(/cannot merge a Fault into a Solution/);
  });

  it('merges a fault into another: evidence moves, the merged one is archived', async () => {
    const target = 'flt-screen-green-line';
    const r = await gql<{ reviewFact: { id: string } }>(
      'mutation ($id: ID!, $into: ID!) { reviewFact(id: $id, decision: MERGE, mergeInto: $into) { id state } }',
      { id: faultId, into: target },
      'curator',
    );
    expect(r.errors).toBeUndefined();
    const links = await seeded.store.neighbours('Case', ['ING-1'], 'REPORTS', 'out');
    expect(links.map((l) => l.other.id)).toEqual([target]);
    const [old] = await seeded.store.getNodes('Fault', [faultId]);
    expect(old!.props).toMatchObject({ state: 'ARCHIVED', mergedInto: target });
  });

  it('lists changesets and reverts the ingest exactly (after the merge is reverted by hand it is refused)', async () => {
    const list = await gql<{
      changesets: {
        id: string;
        run: string;
        state: string;
        created: { type: string; id: string }[];
      }[];
    }>('{ changesets { id run state created { type id } } }', {}, 'curator');
    const cs = list.data.changesets.find((c) => c.run === run)!;
    expect(cs.state).toBe('applied');
    expect(cs.created).toContainEqual({ type: 'Case', id: 'ING-1' });
    const rev = await gql<{ revertChangeset: { state: string } }>(
      'mutation ($id: ID!) { revertChangeset(id: $id) { state } }',
      { id: cs.id },
      'curator',
    );
    expect(rev.errors).toBeUndefined();
    expect(rev.data.revertChangeset.state).toBe('reverted');
    expect(await seeded.store.getNodes('Case', ['ING-1'])).toEqual([]);
    expect(await seeded.store.getNodes('Fault', [faultId])).toEqual([]);
    const again = await gql(
      'mutation ($id: ID!) { revertChangeset(id: $id) { state } }',
      { id: cs.id },
      'curator',
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
