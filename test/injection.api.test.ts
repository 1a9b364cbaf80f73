import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { CANONICAL_FIELDS } from '../src/extract/read/index.js';
import type { ImportSummary } from '../src/resolvers/generated/types.js';
import { GrafeoRunner } from '../src/graph/cypher/grafeo-runner.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import { createServer, type Server } from '../src/server.js';
import {
  expectCleanMessage,
  hostileString,
  megabyteStrings,
  MAX_MESSAGE,
  Tally,
} from './support/hostile.js';
import { RecordingRunner } from './support/recording-runner.js';
import { seededAnswerService, type Seeded, servicesOf } from './support/seeded.js';
import { serviceSchema } from './support/sdl.js';
import { statementSpace } from './support/statement-space.js';

/**
 * Injection through the GraphQL API (`yoga.fetch()`, the real service on the seeded embedded
 * store): hostile strings (test/support/hostile.ts) in every String, ID and enum argument of the
 * schema, including input-object fields and the tickets `ingestTickets` imports (every JSONL and
 * CSV field). Every statement the embedded store runs is recorded: only statement texts a benign
 * run also produced may appear (values travel as parameters), there is never a 5xx, and every
 * refusal is a BAD_USER_INPUT (or NOT_FOUND for an id that does not exist) with a short reason.
 */
const tally = new Tally();
const RUNS = { argument: 90, tickets: 34 };

let seeded: Seeded;
let recorder: RecordingRunner;
let server: Server;
/** Statement texts of the benign run. */
const known = new Set<string>();
/** Ids from the seed, for arguments next to the hostile one. */
let ids: { fault: string; cause: string; solution: string; case: string };

interface Result {
  status: number;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

async function gql(query: string, variables: Record<string, unknown>): Promise<Result> {
  const res = await server.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Result['body'] };
}

/** What every answer to a hostile request must look like. */
function expectSafe(r: Result, v: string, allowed: readonly string[] = ['BAD_USER_INPUT']): void {
  expect(r.status, r.text.slice(0, 500)).toBeLessThan(500);
  expect(r.text).not.toMatch(/\\n\s+at |\n\s+at /);
  for (const e of r.body.errors ?? []) {
    expect(allowed, e.message).toContain(e.extensions?.code);
    expectCleanMessage(e.message, v);
  }
  const statements = recorder.take();
  for (const s of statements) expect(known, s.cypher).toContain(s.cypher);
}

beforeAll(async () => {
  recorder = new RecordingRunner(new GrafeoRunner({ dir: null }));
  seeded = await seededAnswerService({}, undefined, { seed: true, runner: recorder });
  const services = servicesOf(seeded);
  // Dev mode (every right) and a body limit above the 1 MiB strings, so they reach resolvers.
  const config = loadConfig({ KG_AUTH: 'off', KG_MAX_BODY_BYTES: String(8 << 20) });
  server = createServer({ config, services, log: pino({ level: 'silent' }) });
  const first = async (type: string) => (await seeded.store.scanNodes(type, null, 1))[0]!.id;
  ids = {
    fault: await first('Fault'),
    cause: await first('Cause'),
    solution: await first('Solution'),
    case: await first('Case'),
  };
  recorder.take();
  await benignRun();
  for (const s of recorder.take()) known.add(s.cypher);
  for (const text of await statementSpace(schemaFromOntology(seeded.ontology))) known.add(text);
});

afterAll(async () => {
  console.log(tally.report('injection.api.test.ts'));
  await seeded.close();
});

// ---------------------------------------------------------------------------------------------
// Every String, ID and enum argument of the schema, and how to put a value into it

/** `Type.field(arg.path)` for every argument (and input-object field) of a leaf input type. */
function argumentPaths(kind: (t: GraphQLInputType) => boolean): string[] {
  const schema = serviceSchema();
  const paths: string[] = [];
  const walk = (prefix: string, type: GraphQLInputType, path: string) => {
    const named = getNamedType(type);
    if (isInputObjectType(named)) {
      for (const f of Object.values(named.getFields())) walk(prefix, f.type, `${path}.${f.name}`);
    } else if (kind(named)) paths.push(`${prefix}(${path})`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()))
      for (const a of field.args) walk(`${type.name}.${field.name}`, a.type, a.name);
  }
  return paths.sort();
}

const isText = (t: GraphQLInputType) =>
  isEnumType(t) || (isScalarType(t) && (t.name === 'String' || t.name === 'ID'));
const isInt = (t: GraphQLInputType) => isScalarType(t) && t.name === 'Int';

const TICKET = JSON.stringify({
  id: 'INJ-MAP',
  subject: 'The router light blinks red',
  description: 'Internet drops every hour.',
});

/** A `lang` argument of a field below `root(id: $id)`. */
const langOf = (root: string, selection: string, id: () => string) => ({
  query: `query ($v: Lang, $id: ID!) { ${root}(id: $id) { ${selection} } }`,
  vars: (v: unknown) => ({ v, id: id() }),
});

/** A request per argument: `$v` carries the hostile value; other arguments are benign. */
const ARGUMENTS: Record<string, { query: string; vars?: (v: unknown) => Record<string, unknown> }> =
  {
    'Query.answer(input.question)': {
      query: 'query ($v: String!) { answer(input: { question: $v }) { lang candidates { rank } } }',
    },
    'Query.answer(input.product)': {
      query:
        'query ($v: String) { answer(input: { question: "server down", product: $v }) { lang } }',
    },
    'Query.answer(input.customerId)': {
      query:
        'query ($v: String) { answer(input: { question: "server down", customerId: $v }) { repeatInquiry { count } } }',
    },
    'Query.answer(input.lang)': {
      query: 'query ($v: Lang) { answer(input: { question: "server down", lang: $v }) { lang } }',
    },
    'Query.answer(input.first)': {
      query: 'query ($v: Int) { answer(input: { question: "server down", first: $v }) { lang } }',
    },
    'Query.concept(id)': { query: 'query ($v: ID!) { concept(id: $v) { id } }' },
    'Query.concepts(search)': {
      query: 'query ($v: String) { concepts(search: $v) { totalCount } }',
    },
    'Query.concepts(after)': {
      query: 'query ($v: String) { concepts(after: $v) { totalCount edges { cursor } } }',
    },
    'Query.concepts(first)': { query: 'query ($v: Int) { concepts(first: $v) { totalCount } }' },
    'Query.fault(id)': { query: 'query ($v: ID!) { fault(id: $v) { id } }' },
    'Query.faults(ids)': {
      query: 'query ($v: [ID!]!) { faults(ids: $v) { id } }',
      vars: (v) => ({ v: [v, ids.fault] }),
    },
    'Query.cause(id)': { query: 'query ($v: ID!) { cause(id: $v) { id } }' },
    'Query.solution(id)': { query: 'query ($v: ID!) { solution(id: $v) { id } }' },
    'Query.case(id)': { query: 'query ($v: ID!) { case(id: $v) { id } }' },
    'Query.reviewQueue(first)': {
      query: 'query ($v: Int) { reviewQueue(first: $v) { total } }',
    },
    'Query.reviewQueue(offset)': {
      query: 'query ($v: Int) { reviewQueue(offset: $v) { total } }',
    },
    'Query.changesets(first)': { query: 'query ($v: Int) { changesets(first: $v) { id } }' },
    'Mutation.recordFeedback(solutionId)': {
      query: 'mutation ($v: ID!) { recordFeedback(solutionId: $v, outcome: HELPFUL) { helpful } }',
    },
    'Mutation.recordFeedback(caseId)': {
      query:
        'mutation ($v: ID, $s: ID!) { recordFeedback(solutionId: $s, caseId: $v, outcome: HELPFUL) { helpful } }',
      vars: (v) => ({ v, s: ids.solution }),
    },
    'Mutation.recordFeedback(outcome)': {
      query:
        'mutation ($v: Outcome!, $s: ID!) { recordFeedback(solutionId: $s, outcome: $v) { helpful } }',
      vars: (v) => ({ v, s: ids.solution }),
    },
    'Mutation.retractCase(id)': {
      query: 'mutation ($v: ID!) { retractCase(id: $v) { caseId } }',
    },
    'Mutation.ingestTickets(input.data)': {
      query: 'mutation ($v: String!) { ingestTickets(input: { data: $v }) { read quarantined } }',
    },
    'Mutation.ingestTickets(input.format)': {
      query:
        'mutation ($v: TicketFormat, $d: String!) { ingestTickets(input: { data: $d, format: $v }) { read } }',
      vars: (v) => ({ v, d: TICKET }),
    },
    'Mutation.ingestTickets(input.map)': {
      query:
        'mutation ($v: String, $d: String!) { ingestTickets(input: { data: $d, map: $v }) { read quarantined } }',
      vars: (v) => ({ v, d: TICKET }),
    },
    'Mutation.reviewFact(id)': {
      query: 'mutation ($v: ID!) { reviewFact(id: $v, decision: APPROVE) { id } }',
    },
    'Mutation.reviewFact(decision)': {
      query:
        'mutation ($v: ReviewDecision!, $id: ID!) { reviewFact(id: $id, decision: $v) { id } }',
      vars: (v) => ({ v, id: 'no-such-fact' }),
    },
    'Mutation.reviewFact(mergeInto)': {
      query:
        'mutation ($v: ID, $id: ID!) { reviewFact(id: $id, decision: MERGE, mergeInto: $v) { id } }',
      vars: (v) => ({ v, id: ids.fault }),
    },
    'Mutation.revertChangeset(id)': {
      query: 'mutation ($v: ID!) { revertChangeset(id: $v) { id } }',
    },
    'Fault.title(lang)': langOf('fault', 'title(lang: $v)', () => ids.fault),
    'Cause.text(lang)': langOf('cause', 'text(lang: $v)', () => ids.cause),
    'Solution.title(lang)': langOf('solution', 'title(lang: $v)', () => ids.solution),
    'Solution.steps(lang)': langOf('solution', 'steps(lang: $v)', () => ids.solution),
    'Component.name(lang)': langOf('fault', 'components { name(lang: $v) }', () => ids.fault),
    'Concept.label(lang)': {
      query: 'query ($v: Lang) { concept(id: "server-down") { label(lang: $v) } }',
    },
    'Fault.conceptPath(lang)': langOf('fault', 'conceptPath(lang: $v) { id }', () => ids.fault),
    'ReviewItem.text(lang)': {
      query: 'query ($v: Lang) { reviewQueue(first: 3) { items { text(lang: $v) } } }',
    },
    'Query.metrics(input.since)': {
      query: 'query ($v: String) { metrics(input: { since: $v }) { cases } }',
    },
    'Query.metrics(input.until)': {
      query: 'query ($v: String) { metrics(input: { until: $v }) { cases } }',
    },
    'Query.metrics(input.product)': {
      query: 'query ($v: String) { metrics(input: { product: $v }) { cases } }',
    },
    'Query.metrics(input.windowDays)': {
      query: 'query ($v: Int) { metrics(input: { windowDays: $v }) { cases } }',
    },
    'Query.metrics(input.minCases)': {
      query: 'query ($v: Int) { metrics(input: { minCases: $v }) { cases } }',
    },
    'Query.metrics(input.top)': {
      query: 'query ($v: Int) { metrics(input: { top: $v }) { cases } }',
    },
    'Query.metrics(input.maxFaults)': {
      query: 'query ($v: Int) { metrics(input: { maxFaults: $v }) { cases } }',
    },
    'Concept.instances(first)': {
      query: 'query ($v: Int) { concept(id: "server-down") { instances(first: $v) { id } } }',
    },
  };

/** Lookups of an id nobody has answer NOT_FOUND (or null); reviewFact may also refuse a merge. */
const ALLOWED: Record<string, readonly string[]> = {
  'Mutation.recordFeedback(solutionId)': ['BAD_USER_INPUT', 'NOT_FOUND'],
  'Mutation.recordFeedback(caseId)': ['BAD_USER_INPUT', 'NOT_FOUND'],
  'Mutation.retractCase(id)': ['BAD_USER_INPUT', 'NOT_FOUND'],
  'Mutation.reviewFact(id)': ['BAD_USER_INPUT', 'NOT_FOUND'],
  'Mutation.reviewFact(decision)': ['BAD_USER_INPUT', 'NOT_FOUND'],
  'Mutation.reviewFact(mergeInto)': ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT'],
  'Mutation.revertChangeset(id)': ['BAD_USER_INPUT', 'NOT_FOUND'],
};

/** Benign values for each argument, run first: their statements are the known ones. */
async function benignRun(): Promise<void> {
  const values: Record<string, unknown[]> = {
    String: ['server down', '服务器宕机', 'prod-cloud-server', 'C077', 'subject=title'],
    ID: [ids.fault, ids.cause, ids.solution, ids.case, 'server-down', 'missing-id'],
    Int: [1, 3],
  };
  const reads = async () => {
    for (const [path, op] of Object.entries(ARGUMENTS)) {
      if (path.startsWith('Mutation.')) continue;
      const type = /\$v: \[?(\w+)/.exec(op.query)![1]!;
      for (const v of values[type] ?? ['en', 'zh', 'JSONL', 'HELPFUL', 'APPROVE']) {
        await gql(op.query, op.vars ? op.vars(v) : { v });
      }
    }
  };
  await reads();
  for (const [path, op] of Object.entries(ARGUMENTS)) {
    if (path.startsWith('Mutation.retractCase') || path.startsWith('Mutation.reviewFact')) continue;
    if (!path.startsWith('Mutation.')) continue;
    const type = /\$v: \[?(\w+)/.exec(op.query)![1]!;
    for (const v of values[type] ?? ['en', 'zh', 'JSONL', 'HELPFUL', 'APPROVE']) {
      await gql(op.query, op.vars ? op.vars(v) : { v });
    }
  }
  // The write paths: ingest (new and merged knowledge), review, revert, retract.
  const data = [
    {
      id: 'B-1',
      subject: 'Phone camera shows a black screen, error 5519',
      cause: 'Corrupt cache.',
      resolution: 'Clear the camera cache.',
      product: 'prod-smartphone',
      customer_id: 'C1',
      created_at: '2026-10-30T09:00:00Z',
    },
    {
      id: 'B-2',
      subject: 'Phone camera shows a black screen, error 5519',
      resolution: 'Clear the camera cache. Restart.',
      product: 'smartphone',
    },
    {
      id: 'B-3',
      subject: '服务器突然宕机，电源告警',
      cause: '电源模块老化',
      resolution: '更换电源模块',
    },
  ];
  await gql('mutation ($d: String!) { ingestTickets(input: { data: $d }) { read } }', {
    d: data.map((t) => JSON.stringify(t)).join('\n'),
  });
  const csv = 'id,title,body\nB-4,Router light blinks red,It drops every hour\n';
  await gql(
    'mutation ($d: String!) { ingestTickets(input: { data: $d, format: CSV, map: "subject=title,description=body" }) { read } }',
    { d: csv },
  );
  const queue = await gql('{ reviewQueue(first: 50) { items { id type } } changesets { id } }', {});
  const items = (queue.body.data?.reviewQueue as { items: { id: string; type: string }[] }).items;
  const faults = items.filter((i) => i.type === 'Fault');
  await gql('mutation ($id: ID!) { reviewFact(id: $id, decision: APPROVE) { id } }', {
    id: items[0]!.id,
  });
  await gql('mutation ($id: ID!) { reviewFact(id: $id, decision: REJECT) { id } }', {
    id: items.at(-1)!.id,
  });
  if (faults.length > 1)
    await gql(
      'mutation ($id: ID!, $into: ID!) { reviewFact(id: $id, decision: MERGE, mergeInto: $into) { id } }',
      { id: faults[0]!.id, into: faults[1]!.id },
    );
  await gql(
    'mutation ($id: ID!, $c: ID!) { recordFeedback(solutionId: $id, caseId: $c, outcome: NOT_HELPFUL) { id } }',
    { id: ids.solution, c: ids.case },
  );
  const changesets = queue.body.data?.changesets as { id: string }[];
  await gql('mutation ($id: ID!) { revertChangeset(id: $id) { id } }', {
    id: changesets.at(-1)!.id,
  });
  await gql('mutation ($id: ID!) { retractCase(id: $id) { caseId } }', { id: 'B-3' });
  await gql('mutation ($id: ID!) { retractCase(id: $id) { caseId } }', { id: 'no-such-case' });
  // Reads again after the writes: caches refill (the metrics query re-reads the ontology version).
  await reads();
}

describe('every argument of the schema', () => {
  it('has a hostile-value request in this test (a new argument must be added here)', () => {
    const covered = Object.keys(ARGUMENTS).sort();
    expect(covered).toEqual([...argumentPaths(isText), ...argumentPaths(isInt)].sort());
  });

  it.each(argumentPaths(isText))('%s: hostile strings', async (path) => {
    const op = ARGUMENTS[path]!;
    const check = async (v: string) => {
      tally.add('GraphQL String/ID/enum arguments');
      const r = await gql(op.query, op.vars ? op.vars(v) : { v });
      expectSafe(r, v, ALLOWED[path]);
    };
    await fc.assert(fc.asyncProperty(hostileString, check), { numRuns: RUNS.argument });
    for (const v of megabyteStrings().slice(0, 1)) {
      tally.add('GraphQL arguments (1 MiB)');
      await check(v);
    }
  });

  it.each(argumentPaths(isInt))('%s: hostile integers', async (path) => {
    const op = ARGUMENTS[path]!;
    const int = fc.oneof(
      fc.integer(),
      fc.constantFrom(
        0,
        -1,
        2 ** 31 - 1,
        -(2 ** 31),
        2 ** 31,
        2 ** 53,
        1e21,
        0.5,
        Number.MAX_VALUE,
      ),
    );
    await fc.assert(
      fc.asyncProperty(int, async (n) => {
        const r = await gql(op.query, op.vars ? op.vars(n) : { v: n });
        expectSafe(r, String(n));
      }),
      { numRuns: 25 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The tickets ingestTickets imports: every JSONL and CSV field

const INGEST = `mutation ($d: String!, $f: TicketFormat, $m: String) {
  ingestTickets(input: { data: $d, format: $f, map: $m }) {
    read imported merged skipped quarantined failure quarantine { line reason }
  }
}`;

const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;
let serial = 0;

describe('ingestTickets: a hostile value in every ticket field', () => {
  const base = {
    subject: 'Phone camera shows a black screen, error 5519',
    description: 'The camera app opens to a black screen.',
    resolution: 'Clear the camera cache in settings.',
  };

  /** One ticket per field, that field hostile; ids unique per run. */
  function tickets(v: string): Record<string, string>[] {
    serial++;
    return CANONICAL_FIELDS.map((field, i) => ({
      id: `INJ-${serial}-${i}`,
      ...base,
      [field]: v,
    }));
  }

  it.each(['JSONL', 'CSV'] as const)('%s', async (format) => {
    const check = async (v: string) => {
      const rows = tickets(v);
      tally.add(`ingestTickets ticket fields (${format})`, rows.length);
      let data: string;
      if (format === 'JSONL') data = rows.map((r) => JSON.stringify(r)).join('\n');
      else {
        const header = ['id', ...CANONICAL_FIELDS.filter((f) => f !== 'id')];
        data = [
          header.join(','),
          ...rows.map((r) => header.map((h) => csvCell(r[h] ?? '')).join(',')),
        ].join('\n');
      }
      const r = await gql(INGEST, { d: data, f: format });
      expectSafe(r, v);
      if (r.body.errors) return;
      const s = r.body.data!.ingestTickets as ImportSummary;
      // Every ticket accounted for; every quarantined one with a line and a short reason.
      expect(s.read).toBe(rows.length);
      expect(s.imported + s.merged + s.skipped + s.quarantined).toBe(rows.length);
      for (const q of s.quarantine) {
        expect(q.line).toBeGreaterThanOrEqual(1);
        expect(q.reason.length).toBeLessThanOrEqual(MAX_MESSAGE);
      }
    };
    await fc.assert(fc.asyncProperty(hostileString, check), { numRuns: RUNS.tickets });
  });

  it('a hostile field map names the column, never breaks the import', async () => {
    const check = async (v: string) => {
      tally.add('ingestTickets field map');
      const data = `id,${csvCell(v)},body\nINJ-M-${++serial},Router light blinks red,It drops\n`;
      const r = await gql(INGEST, { d: data, f: 'CSV', m: `subject=${v},description=body` });
      expectSafe(r, v);
    };
    await fc.assert(fc.asyncProperty(hostileString, check), { numRuns: RUNS.tickets });
  });
});

it('pushed at least 3500 hostile strings through the API', () => {
  expect(tally.total).toBeGreaterThanOrEqual(3500);
});
