import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTH_OFF_WARNING } from '../src/http/auth.js';
import { kg, startServer, tempDir } from './support/cli.js';

const dirs: string[] = [];
function dataDir(): string {
  const d = tempDir('kg-http-');
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const KEY = 'prod-bot-key-0123456789';

describe('kg serve: the front door as configured by the environment', () => {
  it('NODE_ENV=production without KG_API_KEYS refuses to start, saying what to set', async () => {
    const r = await kg(['serve'], { NODE_ENV: 'production', KG_DATA_DIR: dataDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kg: authentication is on .*KG_API_KEYS=.*KG_AUTH=off/);
  });

  it('a bad KG_API_KEYS entry refuses to start without printing the key', async () => {
    const r = await kg(['serve'], {
      KG_API_KEYS: 'ops-bot:root:0123456789abcdef-secret',
      KG_DATA_DIR: dataDir(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("KG_API_KEYS: entry 1 ('ops-bot'): the role must be one of");
    expect(r.stderr).not.toContain('secret');
  });

  it('production defaults: keys required, no GraphiQL, no introspection, no warning', async () => {
    const server = await startServer({
      NODE_ENV: 'production',
      KG_API_KEYS: `ops-bot:bot:${KEY}`,
      KG_DATA_DIR: dataDir(),
    });
    try {
      const post = (query: string, authorization?: string) =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(authorization ? { authorization } : {}),
          },
          body: JSON.stringify({ query }),
        });
      const ok = await post('{ health { ok store } }', `Bearer ${KEY}`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ data: { health: { ok: true, store: 'embedded' } } });

      const malformed = await post('{ health { ok } }', KEY);
      expect(malformed.status).toBe(401);

      const introspection = (await (await post('{ __schema { types { name } } }')).json()) as {
        errors: { extensions: { code: string } }[];
      };
      expect(introspection.errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

      const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toContain('text/html');

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toContain(
        'kg_http_requests_total{method="POST",route="/graphql",status="401"} 1',
      );

      expect(server.stderr()).not.toContain(AUTH_OFF_WARNING);
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
  });

  it('outside production authentication is off by default, with a warning at start', async () => {
    const server = await startServer({ KG_DATA_DIR: dataDir() });
    try {
      expect(server.stderr()).toContain(AUTH_OFF_WARNING);
      const line = server
        .stderr()
        .split('\n')
        .find((l) => l.includes(AUTH_OFF_WARNING));
      expect(JSON.parse(line!)).toMatchObject({ level: 40 });
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
  });
});
