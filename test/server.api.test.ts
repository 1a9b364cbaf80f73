import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { Counter } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { requirePermission, type Principal } from '../src/auth.js';
import { loadConfig } from '../src/config.js';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
  type ErrorCode,
} from '../src/errors.js';
import { AUTH_OFF_WARNING } from '../src/http/auth.js';
import { createLogger } from '../src/logger.js';
import type { GraphQLContext } from '../src/resolvers/context.js';
import { createServer, type RegisterMetrics, type Server } from '../src/server.js';
import type { Services } from '../src/services.js';

// ---------------------------------------------------------------------------------------------
// Test kit: a fake Services, a captured logger, a server built from an environment.

interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

function captureLog() {
  const lines: LogLine[] = [];
  const log = createLogger(
    { logLevel: 'debug', logRedact: true },
    { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) },
  );
  return { log, lines };
}

/**
 * The parts of Services the front door and the service schema touch today; the rest of the
 * interface (answers, feedback, …) is not reached by these tests.
 */
interface FakeParts {
  health: Services['health'];
  stats: Services['stats'];
  ontologyState: Services['ontologyState'];
  ready?: () => boolean;
}

function fakeServices(overrides: Partial<FakeParts> = {}): Services {
  const parts: FakeParts = {
    health: () => Promise.resolve({ ok: true, store: 'embedded' }),
    stats: () =>
      Promise.resolve({
        tiers: { ontology: {}, concept: { Concept: 3 }, instance: {}, system: {} },
        nodes: {},
        edges: { IS_A: 2 },
      }),
    ontologyState: () =>
      Promise.resolve({
        version: 'abc',
        languages: ['zh', 'en'],
        entities: [],
        relations: [],
        concepts: [],
        instanceCounts: {},
      }),
    ...overrides,
  };
  return parts as unknown as Services;
}

/** A schema to reach what the service schema cannot yet: the principal, roles, deep nesting. */
function testSchema(seen: Principal[] = []): GraphQLSchema {
  interface N {
    depth: number;
  }
  return makeExecutableSchema<GraphQLContext>({
    typeDefs: /* GraphQL */ `
      type Query {
        whoami: Who!
        node: Node
        sum(values: [Int!]!): Int!
      }
      type Mutation {
        review(id: ID!): Boolean!
      }
      type Who {
        role: String
        keyName: String
        devMode: Boolean!
      }
      type Node {
        name: String
        child: Node
      }
    `,
    resolvers: {
      Query: {
        whoami: (_p: unknown, _a: unknown, ctx: GraphQLContext) => {
          seen.push(ctx.principal);
          return ctx.principal;
        },
        node: (): N => ({ depth: 1 }),
        sum: (_p: unknown, a: { values: number[] }) => a.values.reduce((x, y) => x + y, 0),
      },
      Mutation: {
        review: (_p: unknown, _a: unknown, ctx: GraphQLContext) => {
          requirePermission(ctx.principal, 'review');
          return true;
        },
      },
      Node: {
        name: (n: N) => `n${n.depth}`,
        child: (n: N): N => ({ depth: n.depth + 1 }),
      },
    },
  });
}

const KEYS = {
  bot: 'bot-key-0123456789abcdef',
  curator: 'curator-key-0123456789abcdef',
};
const API_KEYS = `ops-bot:bot:${KEYS.bot},alice:curator:${KEYS.curator}`;

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) if (s.http.listening) await s.close();
});

function makeServer(
  env: Record<string, string> = {},
  deps: { services?: Services; schema?: GraphQLSchema; metrics?: RegisterMetrics } = {},
) {
  const { log, lines } = captureLog();
  const config = loadConfig(env);
  const services = deps.services ?? fakeServices();
  const server = createServer({
    config,
    services,
    log,
    ...(deps.schema ? { schema: deps.schema } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  servers.push(server);
  return { server, lines, config };
}

interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: {
    message: string;
    extensions?: { code?: string; limit?: string; [k: string]: unknown };
  }[];
}

async function gql(
  server: Server,
  query: string,
  opts: { headers?: Record<string, string>; variables?: Record<string, unknown> } = {},
): Promise<{ status: number; body: GqlBody; text: string; headers: Headers }> {
  const res = await server.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: JSON.stringify({ query, variables: opts.variables }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as GqlBody, text, headers: res.headers };
}

const code = (b: GqlBody) => b.errors?.[0]?.extensions?.code;

// ---------------------------------------------------------------------------------------------

describe('errors are mapped once (src/http/mask-error.ts)', () => {
  const cases: [string, Error, ErrorCode, number][] = [
    ['BadInputError', new BadInputError('limit must be positive'), 'BAD_USER_INPUT', 400],
    ['NotFoundError', new NotFoundError('no concept x'), 'NOT_FOUND', 404],
    ['ConflictError', new ConflictError('concept x has instances'), 'CONFLICT', 409],
    ['UnauthenticatedError', new UnauthenticatedError('key required'), 'UNAUTHENTICATED', 401],
    ['ForbiddenError', new ForbiddenError('bots may not review'), 'FORBIDDEN', 403],
    ['UnavailableError', new UnavailableError('store down'), 'UNAVAILABLE', 503],
  ];
  it.each(cases)('%s → its code, message and HTTP status', async (_n, error, expected, status) => {
    const { server } = makeServer(
      {},
      { services: fakeServices({ stats: () => Promise.reject(error) }) },
    );
    const r = await gql(server, '{ stats { edges { name } } }');
    expect(r.status).toBe(status);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors![0]!.message).toBe(error.message);
    expect(code(r.body)).toBe(expected);
    expect(r.body.errors![0]).toMatchObject({ path: ['stats'] });
  });

  it('domain error details are passed on; UNAUTHENTICATED carries WWW-Authenticate', async () => {
    const { server } = makeServer(
      {},
      {
        services: fakeServices({
          stats: () =>
            Promise.reject(new ForbiddenError('no', { role: 'bot', permission: 'review' })),
          health: () => Promise.reject(new UnauthenticatedError('key required')),
        }),
      },
    );
    const r = await gql(server, '{ stats { edges { name } } }');
    expect(r.body.errors![0]!.extensions).toMatchObject({
      code: 'FORBIDDEN',
      details: { role: 'bot', permission: 'review' },
    });
    const h = await gql(server, '{ health { ok } }');
    expect(h.status).toBe(401);
    expect(h.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('any other error → "Unexpected error." INTERNAL_SERVER_ERROR 500, nothing leaked, logged', async () => {
    const boom = new Error('secret ticket text: customer 42 cannot boot');
    const { server, lines } = makeServer(
      {},
      { services: fakeServices({ stats: () => Promise.reject(boom) }) },
    );
    const r = await gql(server, '{ stats { edges { name } } }');
    expect(r.status).toBe(500);
    expect(r.body.errors).toEqual([
      {
        message: 'Unexpected error.',
        locations: [{ line: 1, column: 3 }],
        path: ['stats'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
    expect(r.text).not.toContain('secret ticket text');
    expect(r.text).not.toContain('stack');
    const logged = lines.filter((l) => l.level === 50);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ path: 'stats', err: { message: boom.message } });
  });

  it('a thrown non-Error is masked too', async () => {
    const { server } = makeServer(
      {},
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      { services: fakeServices({ stats: () => Promise.reject('secret ticket text') }) },
    );
    const r = await gql(server, '{ stats { edges { name } } }');
    expect(code(r.body)).toBe('INTERNAL_SERVER_ERROR');
    expect(r.text).not.toContain('secret ticket text');
  });

  it('GraphQL parse and validation errors keep yoga codes (400 for graphql-response+json)', async () => {
    const { server } = makeServer();
    const parse = await gql(server, '{ stats { ');
    expect(code(parse.body)).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await gql(server, '{ nope }');
    expect(code(invalid.body)).toBe('GRAPHQL_VALIDATION_FAILED');
    const res = await server.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ nope }' }),
    });
    expect(res.status).toBe(400);
  });

  it('malformed JSON → BAD_USER_INPUT 400', async () => {
    const { server } = makeServer();
    const res = await server.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    expect(code((await res.json()) as GqlBody)).toBe('BAD_USER_INPUT');
  });
});

describe('authentication (src/http/auth.ts)', () => {
  const on = { KG_AUTH: 'on', KG_API_KEYS: API_KEYS };

  it('a valid key gives its role and name to the resolver', async () => {
    const seen: Principal[] = [];
    const { server, lines } = makeServer(on, { schema: testSchema(seen) });
    const r = await gql(server, '{ whoami { role keyName devMode } }', {
      headers: { authorization: `Bearer ${KEYS.curator}` },
    });
    expect(r.body.data).toEqual({ whoami: { role: 'curator', keyName: 'alice', devMode: false } });
    expect(seen).toEqual([{ role: 'curator', keyName: 'alice', devMode: false }]);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'request', route: '/graphql', status: 200, keyName: 'alice' }),
    );
    expect(JSON.stringify(lines)).not.toContain(KEYS.curator);
    expect(JSON.stringify(lines)).not.toContain('whoami');
  });

  it('the scheme is case-insensitive', async () => {
    const { server } = makeServer(on, { schema: testSchema() });
    const r = await gql(server, '{ whoami { role } }', {
      headers: { authorization: `bearer ${KEYS.bot}` },
    });
    expect(r.body.data).toEqual({ whoami: { role: 'bot' } });
  });

  it('no key or an unknown key → anonymous; resolvers decide', async () => {
    const { server } = makeServer(on, { schema: testSchema() });
    for (const headers of [{}, { authorization: 'Bearer not-a-configured-key-xxxx' }] as Record<
      string,
      string
    >[]) {
      const r = await gql(server, '{ whoami { role keyName devMode } }', { headers });
      expect(r.body.data).toEqual({ whoami: { role: null, keyName: null, devMode: false } });
    }
  });

  it.each([['Basic dXNlcjpwYXNz'], ['Bearer'], ['Bearer two tokens'], [KEYS.bot], ['Bearer k€y']])(
    'a malformed Authorization header (%s) → 401 UNAUTHENTICATED',
    async (authorization) => {
      const { server } = makeServer(on, { schema: testSchema() });
      const r = await gql(server, '{ whoami { role } }', { headers: { authorization } });
      expect(r.status).toBe(401);
      expect(code(r.body)).toBe('UNAUTHENTICATED');
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(r.body.data).toBeUndefined();
    },
  );

  it('roles: anonymous → 401, bot → 403 FORBIDDEN, curator may review', async () => {
    const { server } = makeServer(on, { schema: testSchema() });
    const m = 'mutation { review(id: "f1") }';
    const anon = await gql(server, m);
    expect([anon.status, code(anon.body)]).toEqual([401, 'UNAUTHENTICATED']);
    const bot = await gql(server, m, { headers: { authorization: `Bearer ${KEYS.bot}` } });
    expect([bot.status, code(bot.body)]).toEqual([403, 'FORBIDDEN']);
    const curator = await gql(server, m, { headers: { authorization: `Bearer ${KEYS.curator}` } });
    expect(curator.status).toBe(200);
    expect(curator.body).toEqual({ data: { review: true } });
  });

  it('KG_AUTH=off → the dev principal for every request, and a warning at start', async () => {
    const { server, lines } = makeServer({ KG_AUTH: 'off' }, { schema: testSchema() });
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: AUTH_OFF_WARNING }));
    for (const headers of [{}, { authorization: 'Basic junk' }] as Record<string, string>[]) {
      const r = await gql(server, '{ whoami { role keyName devMode } }', { headers });
      expect(r.body.data).toEqual({ whoami: { role: null, keyName: 'dev', devMode: true } });
    }
    const m = await gql(server, 'mutation { review(id: "f1") }');
    expect(m.body).toEqual({ data: { review: true } });
  });

  it('KG_AUTH is off by default outside production, on in production', () => {
    expect(loadConfig({}).auth).toBe('off');
    expect(loadConfig({ NODE_ENV: 'test' }).auth).toBe('off');
    expect(loadConfig({ NODE_ENV: 'production' }).auth).toBe('on');
    expect(loadConfig({ NODE_ENV: 'production', KG_AUTH: 'off' }).auth).toBe('off');
  });

  it('KG_AUTH=on without keys refuses to start, saying what to set', () => {
    expect(() => makeServer({ KG_AUTH: 'on' })).toThrow(BadInputError);
    expect(() => makeServer({ NODE_ENV: 'production' })).toThrow(/KG_API_KEYS=.*KG_AUTH=off/s);
  });

  it('no warning when authentication is on', () => {
    const { lines } = makeServer(on);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });
});

describe('limits (src/http/limits.ts): BAD_USER_INPUT, HTTP 400', () => {
  /** `{ node { child { … { name } } } }` with `depth` levels of fields. */
  const nested = (depth: number) =>
    '{ node { ' + 'child { '.repeat(depth - 2) + 'name' + ' }'.repeat(depth - 1) + ' }';
  const typenames = (n: number) => `{ ${'__typename '.repeat(n)}}`;

  async function expectLimit(server: Server, query: string, limit: string) {
    const r = await gql(server, query);
    expect(r.status).toBe(400);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit });
    expect(r.body.errors![0]!.message).not.toMatch(/^Syntax Error/);
    return r;
  }

  it('depth: 10 by default; 10 passes, 11 fails', async () => {
    const { server } = makeServer({}, { schema: testSchema() });
    const ok = await gql(server, nested(10));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    const r = await expectLimit(server, nested(11), 'depth');
    expect(r.body.errors![0]!.message).toBe('Query depth limit of 10 exceeded, found 11.');
  });

  it('depth follows KG_MAX_DEPTH on the service schema', async () => {
    const { server } = makeServer({ KG_MAX_DEPTH: '3' });
    expect((await gql(server, '{ stats { tiers { total } } }')).status).toBe(200);
    await expectLimit(server, '{ stats { tiers { types { name } } } }', 'depth');
  });

  it('aliases: 15 by default; 15 pass, 16 fail', async () => {
    const { server } = makeServer({}, { schema: testSchema() });
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: node { name }`).join(' ')} }`;
    const ok = await gql(server, aliases(15));
    expect(ok.body.errors).toBeUndefined();
    await expectLimit(server, aliases(16), 'aliases');
  });

  it('tokens: 2000 by default; 2000 pass, 2001 fail', async () => {
    const { server } = makeServer({}, { schema: testSchema() });
    // `{ sum ( values : [` n × `1` `] ) }`: n + 9 tokens (many equal fields would trip graphql-js's
    // own overlapping-fields budget first).
    const sum = (tokens: number) => `{ sum(values: [${'1 '.repeat(tokens - 9)}]) }`;
    const ok = await gql(server, sum(2000));
    expect(ok.body).toEqual({ data: { sum: 1991 } });
    const r = await expectLimit(server, sum(2001), 'tokens');
    expect(r.body.errors![0]!.message).toBe('Token limit of 2000 exceeded.');
  });

  it('tokens answer 400 also for Accept: application/json', async () => {
    const { server } = makeServer({ KG_MAX_TOKENS: '10' }, { schema: testSchema() });
    const res = await server.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: typenames(9) }),
    });
    expect(res.status).toBe(400);
  });

  it('cost: a scalar field costs 1 at the top level; KG_MAX_COST=50 → 50 pass, 51 fail', async () => {
    const { server } = makeServer({ KG_MAX_COST: '50' }, { schema: testSchema() });
    expect((await gql(server, typenames(50))).body.errors).toBeUndefined();
    const r = await expectLimit(server, typenames(51), 'cost');
    expect(r.body.errors![0]!.message).toBe('Query Cost limit of 50 exceeded, found 51.');
  });

  it('defaults: depth 10, cost 5000, aliases 15, tokens 2000, directives 20, batch 10', () => {
    expect(loadConfig({}).limits).toEqual({
      depth: 10,
      cost: 5000,
      aliases: 15,
      tokens: 2000,
      directives: 20,
      bodyBytes: 1_048_576,
      batch: 10,
    });
  });

  it('directives: 20 by default; 20 pass, 21 fail', async () => {
    const { server } = makeServer({}, { schema: testSchema() });
    const directives = (n: number) => `{ ${'__typename @skip(if: false) '.repeat(n)}}`;
    expect((await gql(server, directives(20))).body.errors).toBeUndefined();
    await expectLimit(server, directives(21), 'directives');
  });

  it('a limit error comes before resolvers run', async () => {
    let called = 0;
    const services = fakeServices({
      health: () => {
        called++;
        return Promise.resolve({ ok: true, store: 'embedded' });
      },
    });
    const { server } = makeServer({ KG_MAX_ALIASES: '1' }, { services });
    await expectLimit(server, '{ a: health { ok } b: health { ok } }', 'aliases');
    expect(called).toBe(0);
  });
});

describe('request body limit (KG_MAX_BODY_BYTES), counted while the body streams', () => {
  const LIMIT = 300;

  /** A GraphQL JSON body of exactly `size` bytes (padded with spaces inside the JSON). */
  function bodyOf(size: number): string {
    const base = JSON.stringify({ query: '{ health { ok } }' });
    expect(size).toBeGreaterThanOrEqual(base.length);
    return base.slice(0, -1) + ' '.repeat(size - base.length) + '}';
  }

  /** Streams the body in small chunks, with no content-length: only counting can catch it. */
  function streamed(body: string): ReadableStream<Uint8Array> {
    const bytes = new TextEncoder().encode(body);
    let at = 0;
    return new ReadableStream({
      pull(c) {
        if (at >= bytes.length) return c.close();
        c.enqueue(bytes.slice(at, at + 64));
        at += 64;
      },
    });
  }

  function post(server: Server, body: BodyInit, headers: Record<string, string> = {}) {
    return server.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
  }

  it('defaults to 1 MiB', () => {
    expect(loadConfig({}).limits.bodyBytes).toBe(1_048_576);
  });

  it('exactly the limit passes; one byte more → 413 BAD_USER_INPUT', async () => {
    const { server } = makeServer({ KG_MAX_BODY_BYTES: String(LIMIT) });
    expect(bodyOf(LIMIT)).toHaveLength(LIMIT);
    const ok = await post(server, streamed(bodyOf(LIMIT)));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { health: { ok: true } } });

    const big = await post(server, streamed(bodyOf(LIMIT + 1)));
    expect(big.status).toBe(413);
    const body = (await big.json()) as GqlBody;
    expect(body.errors).toEqual([
      { message: expect.any(String) as unknown, extensions: { code: 'BAD_USER_INPUT' } },
    ]);
  });

  it('a content-length that understates the body does not help', async () => {
    const { server } = makeServer({ KG_MAX_BODY_BYTES: String(LIMIT) });
    const res = await post(server, streamed(bodyOf(LIMIT + 200)), { 'content-length': '20' });
    expect(res.status).toBe(413);
  });

  it('over real HTTP with chunked transfer encoding', async () => {
    const { server } = makeServer({
      KG_MAX_BODY_BYTES: String(LIMIT),
      HOST: '127.0.0.1',
      PORT: '0',
    });
    const port = await server.listen();
    const send = (body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          { port, host: '127.0.0.1', method: 'POST', path: '/graphql' },
          (res) => {
            let data = '';
            res.on('data', (d: Buffer) => (data += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
          },
        );
        req.on('error', reject);
        req.setHeader('content-type', 'application/json');
        // No content-length: node sends the body chunked.
        for (let i = 0; i < body.length; i += 50) req.write(body.slice(i, i + 50));
        req.end();
      });
    const ok = await send(bodyOf(LIMIT));
    expect(ok.status).toBe(200);
    const big = await send(bodyOf(LIMIT + 1));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });
    expect((server.http.address() as AddressInfo).port).toBe(port);
  });
});

describe('batching (KG_MAX_BATCH)', () => {
  const batch = (n: number) =>
    JSON.stringify(Array.from({ length: n }, () => ({ query: '{ health { ok } }' })));
  const post = (server: Server, body: string) =>
    server.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  it('10 operations by default pass; 11 → 413 BAD_USER_INPUT', async () => {
    const { server } = makeServer();
    const ok = await post(server, batch(10));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(10);
    const big = await post(server, batch(11));
    expect(big.status).toBe(413);
    expect(code((await big.json()) as GqlBody)).toBe('BAD_USER_INPUT');
  });

  it('KG_MAX_BATCH=0 turns batching off', async () => {
    const { server } = makeServer({ KG_MAX_BATCH: '0' });
    const res = await post(server, batch(1));
    expect(res.status).toBe(400);
    const body = (await res.json()) as GqlBody;
    expect(body.errors![0]!).toMatchObject({
      message: 'Batching is not supported.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe('/healthz, /readyz', () => {
  const get = (server: Server, path: string) => server.yoga.fetch(`http://localhost${path}`);

  it('/healthz is 200 whatever the store', async () => {
    const { server } = makeServer(
      {},
      { services: fakeServices({ health: () => Promise.reject(new Error('down')) }) },
    );
    expect((await get(server, '/healthz')).status).toBe(200);
  });

  it('/readyz is 200 with the health object when the store answers and ready() is true', async () => {
    for (const services of [fakeServices(), fakeServices({ ready: () => true })]) {
      const { server } = makeServer({}, { services });
      const res = await get(server, '/readyz');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, store: 'embedded' });
    }
  });

  it('/readyz is 503 while ready() is false (answer index not loaded)', async () => {
    let ready = false;
    const { server } = makeServer({}, { services: fakeServices({ ready: () => ready }) });
    const res = await get(server, '/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, reason: 'answer index not loaded' });
    ready = true;
    expect((await get(server, '/readyz')).status).toBe(200);
  });

  it('/readyz is 503 when the store does not answer, without the error text', async () => {
    const { server } = makeServer(
      {},
      { services: fakeServices({ health: () => Promise.reject(new Error('secret ticket text')) }) },
    );
    const res = await get(server, '/readyz');
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ ok: false, reason: 'store unavailable' });
    expect(text).not.toContain('secret');
  });

  it('/readyz is 503 when ready() throws', async () => {
    const services = fakeServices({
      ready: () => {
        throw new Error('index broken');
      },
    });
    const { server } = makeServer({}, { services });
    expect((await get(server, '/readyz')).status).toBe(503);
  });
});

describe('/metrics', () => {
  it('Prometheus text: process metrics, the request counter and duration by route and status', async () => {
    const { server } = makeServer();
    await gql(server, '{ health { ok } }');
    await gql(server, '{ nope }');
    await server.yoga.fetch('http://localhost/healthz');
    const res = await server.yoga.fetch('http://localhost/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('kg_http_requests_total{method="POST",route="/graphql",status="200"} 2');
    expect(text).toContain('kg_http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(text).toMatch(
      /kg_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} 2/,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('unknown paths share one route label', async () => {
    const { server } = makeServer();
    await server.yoga.fetch('http://localhost/a/b?c=secret');
    await server.yoga.fetch('http://localhost/x');
    const text = await (await server.yoga.fetch('http://localhost/metrics')).text();
    expect(text).toContain('kg_http_requests_total{method="GET",route="other",status="404"} 2');
    expect(text).not.toContain('secret');
  });

  it('services add their own metrics through createServer({ metrics })', async () => {
    let hits: Counter | undefined;
    const { server } = makeServer(
      {},
      {
        metrics: (registry) => {
          hits = new Counter({
            name: 'kg_answer_cache_hits_total',
            help: 'answer cache hits',
            registers: [registry],
          });
        },
      },
    );
    hits!.inc(3);
    const text = await (await server.yoga.fetch('http://localhost/metrics')).text();
    expect(text).toContain('kg_answer_cache_hits_total 3');
    expect(server.metrics.getSingleMetric('kg_answer_cache_hits_total')).toBe(hits);
  });

  it('each server has its own registry', async () => {
    const a = makeServer().server;
    const b = makeServer().server;
    await gql(a, '{ health { ok } }');
    const text = await (await b.yoga.fetch('http://localhost/metrics')).text();
    expect(text).not.toContain('route="/graphql"');
  });

  it('KG_METRICS_PUBLIC=off: a valid key is needed (when authentication is on)', async () => {
    const { server } = makeServer({
      KG_AUTH: 'on',
      KG_API_KEYS: API_KEYS,
      KG_METRICS_PUBLIC: 'off',
    });
    const anon = await server.yoga.fetch('http://localhost/metrics');
    expect(anon.status).toBe(401);
    expect(code((await anon.json()) as GqlBody)).toBe('UNAUTHENTICATED');
    const bad = await server.yoga.fetch('http://localhost/metrics', {
      headers: { authorization: 'Bearer unknown-key-unknown-key' },
    });
    expect(bad.status).toBe(401);
    const ok = await server.yoga.fetch('http://localhost/metrics', {
      headers: { authorization: `Bearer ${KEYS.bot}` },
    });
    expect(ok.status).toBe(200);
  });

  it('public by default, even with authentication on', async () => {
    const { server } = makeServer({ KG_AUTH: 'on', KG_API_KEYS: API_KEYS });
    expect((await server.yoga.fetch('http://localhost/metrics')).status).toBe(200);
  });
});

describe('GraphiQL and introspection', () => {
  const page = (server: Server) =>
    server.yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });

  it('GraphiQL is served with every asset inlined: no CDN', async () => {
    const { server } = makeServer();
    const res = await page(server);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).toContain('<title>supportgraph</title>');
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|esm\.sh/);
    // No external script, stylesheet, module import or icon.
    expect(html).not.toMatch(/<script[^>]+src=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link[^>]+href=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/import\s*(\{[^}]*\}\s*from\s*)?["'](https?:)?\/\//);
    expect(html).not.toMatch(/@import\s+url\(\s*["']?https?:/);
  });

  it('KG_GRAPHIQL=off: no page', async () => {
    const { server } = makeServer({ KG_GRAPHIQL: 'off' });
    const res = await page(server);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
  });

  it('GraphiQL and introspection are off by default in production', () => {
    const c = loadConfig({ NODE_ENV: 'production' });
    expect([c.graphiql, c.introspection]).toEqual([false, false]);
    const d = loadConfig({});
    expect([d.graphiql, d.introspection]).toEqual([true, true]);
  });

  it('introspection works by default and is refused with KG_INTROSPECTION=off', async () => {
    const q = '{ __schema { queryType { name } } }';
    const on = makeServer().server;
    expect((await gql(on, q)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });

    const off = makeServer({ KG_INTROSPECTION: 'off' }).server;
    const r = await gql(off, q);
    expect(r.body.data).toBeUndefined();
    expect(code(r.body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(code((await gql(off, '{ __type(name: "Query") { name } }')).body)).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect((await gql(off, '{ __typename }')).body.data).toEqual({ __typename: 'Query' });
  });

  it('field suggestions are hidden when introspection is off', async () => {
    const on = await gql(makeServer().server, '{ stat { edges { name } } }');
    expect(on.body.errors![0]!.message).toContain('Did you mean "stats"?');
    const off = await gql(
      makeServer({ KG_INTROSPECTION: 'off' }).server,
      '{ stat { edges { name } } }',
    );
    expect(off.body.errors![0]!.message).not.toContain('stats');
  });
});

describe('the service schema through the front door', () => {
  it('serves health, stats and ontology from the services', async () => {
    const { server } = makeServer();
    const r = await gql(
      server,
      '{ health { ok store } stats { tiers { tier total } } ontology { version } }',
    );
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      health: { ok: true, store: 'embedded' },
      stats: {
        tiers: [
          { tier: 'ontology', total: 0 },
          { tier: 'concept', total: 3 },
          { tier: 'instance', total: 0 },
        ],
      },
      ontology: { version: 'abc' },
    });
  });

  it('one request log line per request, without the query or variables', async () => {
    const { server, lines } = makeServer();
    await gql(server, 'query Q($x: String) { health { ok } }', {
      variables: { x: 'secret ticket text' },
    });
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      level: 30,
      method: 'POST',
      route: '/graphql',
      status: 200,
      keyName: 'dev',
    });
    expect(typeof requests[0]!.durationMs).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('secret ticket text');
  });
});
