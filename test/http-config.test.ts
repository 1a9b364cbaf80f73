import { describe, expect, it } from 'vitest';
import { loadConfig, parseApiKeys } from '../src/config.js';
import { BadInputError } from '../src/errors.js';
import { createLogger, REDACTED } from '../src/logger.js';

const KEY_A = 'aaaaaaaaaaaaaaaa-secret-1';
const KEY_B = 'bbbbbbbbbbbbbbbb-secret-2';

/** loadConfig's error message for an environment (fails the test when it does not throw). */
function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(BadInputError);
    return (e as Error).message;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

describe('KG_API_KEYS', () => {
  it('parses name:role:key triples (a key may contain ":"; spaces and empty entries are ignored)', () => {
    const c = loadConfig({
      KG_AUTH: 'on',
      KG_API_KEYS: ` ops-bot:bot:${KEY_A} , alice:curator:${KEY_B}:with:colons,,ingest:importer:${'k'.repeat(16)}`,
    });
    expect(c.apiKeys).toEqual([
      { name: 'ops-bot', role: 'bot', key: KEY_A },
      { name: 'alice', role: 'curator', key: `${KEY_B}:with:colons` },
      { name: 'ingest', role: 'importer', key: 'k'.repeat(16) },
    ]);
    expect(loadConfig({}).apiKeys).toEqual([]);
  });

  it.each([
    ['an unknown role', `ops-bot:admin:${KEY_A}`, "entry 1 ('ops-bot'): the role must be one of"],
    [
      'a short key',
      `ops-bot:bot:short-key-1234`,
      "entry 1 ('ops-bot'): the key must be at least 16",
    ],
    ['a missing part', `ops-bot:${KEY_A}`, 'entry 1: expected name:role:key'],
    ['a bare key', KEY_A, 'entry 1: expected name:role:key'],
    ['a bad name', `ops bot!:bot:${KEY_A}`, 'entry 1: the name must be'],
    [
      'a duplicate name',
      `a:bot:${KEY_A},a:curator:${KEY_B}`,
      "entry 2 ('a'): the name is already used by entry 1",
    ],
    [
      'a duplicate key',
      `a:bot:${KEY_A},b:curator:${KEY_A}`,
      "entry 2 ('b'): the key is already used by 'a'",
    ],
  ])('%s: the error names the entry and never prints the key', (_what, value, expected) => {
    const message = configError({ KG_API_KEYS: value });
    expect(message).toContain('KG_API_KEYS');
    expect(message).toContain(expected);
    expect(message).not.toContain('secret');
    expect(message).not.toContain('short-key-1234');
  });

  it('a key and a name swapped: the key is not printed as a name', () => {
    const message = configError({ KG_API_KEYS: `${KEY_A}:bot:ops-bot` });
    expect(message).toContain('entry 1: the key must be at least 16');
    expect(message).not.toContain(KEY_A);
  });

  it('a key in the role position is not printed', () => {
    const message = configError({ KG_API_KEYS: `ops-bot:${KEY_A}:bot` });
    expect(message).not.toContain(KEY_A);
    expect(message).toContain('entry 1');
  });

  it('reports every bad entry, by position', () => {
    const { keys, problems } = parseApiKeys(`ok:bot:${KEY_A},x:nope:${KEY_B},y:bot:short`);
    expect(keys.map((k) => k.name)).toEqual(['ok']);
    expect(problems).toEqual([
      "entry 2 ('x'): the role must be one of bot, curator, importer",
      "entry 3 ('y'): the key must be at least 16 characters",
    ]);
  });
});

describe('front-door settings', () => {
  it('KG_AUTH, KG_GRAPHIQL, KG_INTROSPECTION follow NODE_ENV unless set', () => {
    const dev = loadConfig({});
    expect([dev.auth, dev.graphiql, dev.introspection]).toEqual(['off', true, true]);
    const prod = loadConfig({ NODE_ENV: 'production' });
    expect([prod.auth, prod.graphiql, prod.introspection]).toEqual(['on', false, false]);
    const forced = loadConfig({
      NODE_ENV: 'production',
      KG_AUTH: 'off',
      KG_GRAPHIQL: 'on',
      KG_INTROSPECTION: 'yes',
    });
    expect([forced.auth, forced.graphiql, forced.introspection]).toEqual(['off', true, true]);
  });

  it('metrics are public and logs redacted by default', () => {
    const c = loadConfig({});
    expect([c.metricsPublic, c.logRedact]).toEqual([true, true]);
    const d = loadConfig({ KG_METRICS_PUBLIC: 'off', KG_LOG_REDACT: 'off' });
    expect([d.metricsPublic, d.logRedact]).toEqual([false, false]);
  });

  it('limits are read from the environment and validated', () => {
    const c = loadConfig({
      KG_MAX_DEPTH: '4',
      KG_MAX_COST: '100',
      KG_MAX_ALIASES: '0',
      KG_MAX_TOKENS: '50',
      KG_MAX_DIRECTIVES: '1',
      KG_MAX_BODY_BYTES: '2048',
      KG_MAX_BATCH: '0',
    });
    expect(c.limits).toEqual({
      depth: 4,
      cost: 100,
      aliases: 0,
      tokens: 50,
      directives: 1,
      bodyBytes: 2048,
      batch: 0,
    });
    expect(configError({ KG_MAX_DEPTH: '0' })).toContain('KG_MAX_DEPTH');
    expect(configError({ KG_MAX_BODY_BYTES: 'lots' })).toContain('KG_MAX_BODY_BYTES');
    expect(configError({ KG_AUTH: 'maybe' })).toContain('KG_AUTH');
  });
});

describe('logger redaction (KG_LOG_REDACT)', () => {
  function logged(logRedact: boolean, obj: Record<string, unknown>): string {
    const lines: string[] = [];
    const log = createLogger(
      { logLevel: 'info', logRedact },
      { write: (s: string) => void lines.push(s) },
    );
    log.info(obj, 'x');
    return lines.join('');
  }
  const ticket = {
    question: 'Q-secret',
    req: { body: 'BODY-secret' },
    input: { subject: 'S-secret', description: 'D-secret', resolution: 'R-secret' },
    variables: { text: 'V-secret' },
    route: '/graphql',
  };

  it('censors ticket text and request bodies, keeps the rest', () => {
    const line = logged(true, ticket);
    expect(line).not.toContain('-secret');
    expect(line).toContain(REDACTED);
    expect(line).toContain('/graphql');
  });

  it('KG_LOG_REDACT=off logs them', () => {
    const line = logged(false, ticket);
    for (const s of ['Q', 'BODY', 'S', 'D', 'R', 'V']) expect(line).toContain(`${s}-secret`);
  });
});
