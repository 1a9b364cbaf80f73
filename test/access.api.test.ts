import fs from 'node:fs';
import path from 'node:path';
import { isObjectType } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createServer, type Server } from '../src/server.js';
import { serviceSchema } from './support/sdl.js';
import { ROOT_DIR, seededAnswerService, type Seeded, servicesOf } from './support/seeded.js';

/**
 * Every role × every operation, as the README's access matrix says: the table is read from
 * README.md, every root field of the schema must have a row, and every cell is checked against
 * the real server through `yoga.fetch()` (`401` = UNAUTHENTICATED, `403` = FORBIDDEN, `✓` =
 * neither: the request reached its resolver, which may still answer NOT_FOUND for a made-up id).
 */
const KEYS = {
  bot: 'bot-key-0123456789abcdef',
  curator: 'curator-key-0123456789abcdef',
  importer: 'importer-key-0123456789abcdef',
} as const;
const CALLERS = ['no key', 'bot', 'curator', 'importer'] as const;
type Caller = (typeof CALLERS)[number];

/** The README's matrix: operation → expected outcome per caller. */
function readmeMatrix(): Map<string, Record<Caller, string>> {
  const readme = fs.readFileSync(path.join(ROOT_DIR, 'README.md'), 'utf8');
  const rows = new Map<string, Record<Caller, string>>();
  for (const line of readme.split('\n')) {
    const m = /^\| `((?:Query|Mutation)\.\w+)`\s*\|\s*\w+\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const cells = m[2]!.split('|').map((c) => c.trim());
    rows.set(
      m[1]!,
      Object.fromEntries(CALLERS.map((c, i) => [c, cells[i]!])) as Record<Caller, string>,
    );
  }
  return rows;
}

const TICKET = JSON.stringify({ id: 'ACL-1', subject: 'Router light blinks red' });

/** A request per operation (arguments made up: permission checks come before lookups). */
const REQUESTS: Record<string, string> = {
  'Query.answer': '{ answer(input: { question: "server down" }) { lang } }',
  'Query.concept': '{ concept(id: "server-down") { id } }',
  'Query.concepts': '{ concepts(first: 1) { totalCount } }',
  'Query.fault': '{ fault(id: "no-such-fault") { id } }',
  'Query.faults': '{ faults(ids: ["no-such-fault"]) { id } }',
  'Query.cause': '{ cause(id: "no-such-cause") { id } }',
  'Query.solution': '{ solution(id: "no-such-solution") { id } }',
  'Query.case': '{ case(id: "no-such-case") { id } }',
  'Query.ontology': '{ ontology { version } }',
  'Query.cacheStats': '{ cacheStats { hits } }',
  'Query.health': '{ health { ok } }',
  'Query.stats': '{ stats { tiers { tier } } }',
  'Query.metrics': '{ metrics { cases } }',
  'Query.reviewQueue': '{ reviewQueue(first: 1) { total } }',
  'Query.changesets': '{ changesets(first: 1) { id } }',
  'Mutation.recordFeedback':
    'mutation { recordFeedback(solutionId: "no-such-solution", outcome: HELPFUL) { id } }',
  'Mutation.retractCase': 'mutation { retractCase(id: "no-such-case") { caseId } }',
  'Mutation.reviewFact': 'mutation { reviewFact(id: "no-such-fact", decision: APPROVE) { id } }',
  'Mutation.revertChangeset': 'mutation { revertChangeset(id: "no-such-changeset") { id } }',
  'Mutation.ingestTickets': `mutation { ingestTickets(input: { data: ${JSON.stringify(TICKET)} }) { read } }`,
};

let seeded: Seeded;
let secured: Server;
let open: Server;

beforeAll(async () => {
  seeded = await seededAnswerService({}, undefined, { seed: true });
  const services = servicesOf(seeded);
  const keys = Object.entries(KEYS)
    .map(([role, key]) => `${role}-key:${role}:${key}`)
    .join(',');
  const log = pino({ level: 'silent' });
  secured = createServer({
    config: loadConfig({ KG_AUTH: 'on', KG_API_KEYS: keys }),
    services,
    log,
  });
  open = createServer({ config: loadConfig({ KG_AUTH: 'off' }), services, log });
});

afterAll(async () => {
  await seeded.close();
});

/** `401`, `403` or `✓` for one request. */
async function outcome(server: Server, query: string, caller: Caller): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller !== 'no key') headers.authorization = `Bearer ${KEYS[caller]}`;
  const res = await server.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  const codes = (body.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes('UNAUTHENTICATED')) return '401';
  if (codes.includes('FORBIDDEN')) return '403';
  return '✓';
}

describe('access matrix (README.md)', () => {
  const matrix = readmeMatrix();

  it('has a row, and a request here, for every query and mutation of the schema', () => {
    const schema = serviceSchema();
    const roots = ['Query', 'Mutation'].flatMap((t) => {
      const type = schema.getType(t);
      return isObjectType(type) ? Object.keys(type.getFields()).map((f) => `${t}.${f}`) : [];
    });
    expect([...matrix.keys()].sort()).toEqual(roots.sort());
    expect(Object.keys(REQUESTS).sort()).toEqual(roots.sort());
  });

  it.each([...matrix.keys()])('%s: every caller gets what the README says', async (op) => {
    const expected = matrix.get(op)!;
    const got: Record<string, string> = {};
    for (const caller of CALLERS) got[caller] = await outcome(secured, REQUESTS[op]!, caller);
    expect(got).toEqual(expected);
  });

  it('with KG_AUTH=off every operation is open, without a key', async () => {
    for (const [op, query] of Object.entries(REQUESTS))
      expect(await outcome(open, query, 'no key'), op).toBe('✓');
  });
});
