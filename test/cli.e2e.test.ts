import fs from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { kg, ROOT, startServer, tempDir } from './support/cli.js';

// Each test starts real processes (tsx compiles on start): slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const dirs: string[] = [];
function dataDir(): string {
  const d = tempDir('kg-e2e-');
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of the shipped ontology to break or change. */
function ontologyCopy(): string {
  const d = dataDir();
  fs.cpSync(path.join(ROOT, 'ontology'), d, { recursive: true });
  return d;
}

describe('kg ontology validate', () => {
  it('passes the shipped ontology', async () => {
    const r = await kg(['ontology', 'validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^ok: \d+ files, 6 entity types, 9 relation types, \d+ concepts \(zh, en\); version [0-9a-f]{16}\n$/,
    );
  });

  it('names file, line, column and reason for each error in a broken copy, and exits 1', async () => {
    const dir = ontologyCopy();
    const file = path.join(dir, 'concepts', 'cloud-server.yaml');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const parentLine = lines.findIndex((l) => /^\s+parents: \[.+\]/.test(l));
    expect(parentLine).toBeGreaterThan(0);
    lines[parentLine] = lines[parentLine]!.replace(/\[.+\]/, '[no-such-concept]');
    fs.writeFileSync(file, lines.join('\n'));
    fs.writeFileSync(
      path.join(dir, 'concepts', 'zz-broken.yaml'),
      'concepts:\n  - id: x\n    type: [Fault\n',
    );
    const r = await kg(['ontology', 'validate', dir]);
    expect(r.code).toBe(1);
    const col = lines[parentLine].indexOf('no-such-concept') + 1;
    expect(r.stdout).toContain(
      `${file}:${parentLine + 1}:${col}: unknown parent 'no-such-concept'`,
    );
    expect(r.stdout).toMatch(
      new RegExp(`${path.join(dir, 'concepts', 'zz-broken.yaml')}:\\d+:\\d+: YAML error`),
    );
    expect(r.stdout).toMatch(/\d+ error\(s\) in /);
  });

  it('--json reports issues as data', async () => {
    const dir = ontologyCopy();
    fs.writeFileSync(
      path.join(dir, 'concepts', 'dup.yaml'),
      'concepts:\n  - id: server-down\n    type: Fault\n    labels: { zh: 甲, en: a }\n',
    );
    const r = await kg(['ontology', 'validate', dir, '--json']);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      issues: { file: string; line: number; message: string }[];
    };
    expect(out.ok).toBe(false);
    expect(out.issues).toContainEqual(
      expect.objectContaining({
        line: 2,
        message: expect.stringContaining("duplicate concept id 'server-down'") as unknown,
      }),
    );
  });
});

describe('kg ontology plan / apply, seed and stats on the embedded store', () => {
  const env = { KG_DATA_DIR: '', KG_SEED: 'off' };

  it('plans, applies idempotently, refuses to orphan instances, and counts per tier', async () => {
    env.KG_DATA_DIR = dataDir();
    const plan = await kg(['ontology', 'plan'], env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(
      /^plan: \d+ to add, 0 to change, 0 to remove \(version none → [0-9a-f]{16}\)/,
    );
    expect(plan.stdout).toContain('+ concept power-module');

    const apply = await kg(['ontology', 'apply'], env);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/^applied: /);
    const again = await kg(['ontology', 'apply'], env);
    expect(again.stdout).toMatch(/^nothing to apply: the graph has version [0-9a-f]{16}/);
    expect((await kg(['ontology', 'plan'], env)).stdout).toMatch(/^no changes/);

    const seed = await kg(['seed'], env);
    expect(seed.code).toBe(0);
    expect(seed.stdout).toMatch(/^seed loaded: \d+ cases/);

    const stats = JSON.parse((await kg(['stats', '--json'], env)).stdout) as {
      tiers: Record<string, Record<string, number>>;
      edges: Record<string, number>;
    };
    expect(stats.tiers.ontology!.OntologyType).toBe(7);
    expect(stats.tiers.ontology!.RelationType).toBe(9);
    expect(stats.tiers.concept!.Concept).toBeGreaterThanOrEqual(40);
    expect(stats.tiers.instance!.Case).toBeGreaterThanOrEqual(80);
    expect(stats.tiers.instance!.Fault).toBeGreaterThanOrEqual(25);
    expect(stats.edges.IS_A).toBeGreaterThan(0);
    expect(stats.edges.REPORTS).toBe(stats.tiers.instance!.Case);

    // Remove a concept that has instances: refused with a clear message, then moved.
    const dir = ontologyCopy();
    const file = path.join(dir, 'concepts', 'cloud-server.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const block = /\n {2}- id: power-module\n[\s\S]*?(?=\n {2}- id: |\n*$)/.exec(text);
    expect(block).not.toBeNull();
    fs.writeFileSync(file, text.replace(block![0], ''));
    const refused = await kg(['ontology', 'apply', dir], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /concept 'power-module' still has \d+ instance\(s\); move them with --reassign-to power-module=<concept-id>/,
    );
    const moved = await kg(
      ['ontology', 'apply', dir, '--reassign-to', 'power-module=hardware-fault'],
      env,
    );
    expect(moved.stderr).toBe('');
    expect(moved.stdout).toMatch(
      /- concept power-module \(\d+ instance\(s\) move to hardware-fault\)/,
    );
  });
});

describe('kg serve', () => {
  it('seeds an empty store on first start, serves health, readiness and GraphQL, and owns the store', async () => {
    const env = { KG_DATA_DIR: dataDir() };
    const server = await startServer(env);
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${server.url}/readyz`);
      expect(await ready.json()).toEqual({ ok: true, store: 'embedded' });
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ stats { tiers { tier total } } ontology { version types { name } } }',
        }),
      });
      const body = (await res.json()) as {
        data: {
          stats: { tiers: { tier: string; total: number }[] };
          ontology: { version: string };
        };
      };
      const instance = body.data.stats.tiers.find((t) => t.tier === 'instance');
      expect(instance!.total).toBeGreaterThan(100);
      expect(body.data.ontology.version).toMatch(/^[0-9a-f]{16}$/);

      const second = await kg(['stats'], env);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/is in use by process \d+ \(.*serve/);
    } finally {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
    // After a clean stop the data is there and nothing is seeded twice.
    const stats = JSON.parse((await kg(['stats', '--json'], env)).stdout) as {
      tiers: { instance: Record<string, number> };
    };
    const restarted = await startServer(env);
    restarted.child.kill('SIGTERM');
    await new Promise((r) => restarted.child.once('exit', r));
    const after = JSON.parse((await kg(['stats', '--json'], env)).stdout) as {
      tiers: { instance: Record<string, number> };
    };
    expect(after.tiers.instance).toEqual(stats.tiers.instance);
  });
});

describe('kg piped into a reader that stops early (kg … | head)', () => {
  it('exits quietly, without an EPIPE stack trace', async () => {
    const env = { KG_DATA_DIR: dataDir(), KG_SEED: 'off', LOG_LEVEL: 'warn' };
    expect((await kg(['seed'], env)).code).toBe(0);
    // The seed graph's snapshot is far larger than a pipe's buffer; read one chunk, then close.
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'bin', 'kg.js'), 'export', '--out', '-'],
      {
        cwd: ROOT,
        // eslint-disable-next-line no-restricted-properties -- tests configure child processes
        env: { ...process.env, ...env },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(code).toBe(0);
  }, 60_000);
});

describe('kg import and KG_MERGE_THRESHOLD', () => {
  it('merges a differently phrased ticket by default, and keeps it apart when the threshold asks for identical faults', async () => {
    const dir = dataDir();
    const ticket = (id: string, text: string) =>
      JSON.stringify({
        id,
        created_at: '2026-10-30T10:00:00Z',
        resolved_at: '2026-10-30T11:00:00Z',
        subject: text,
        description: `${text}.`,
        resolution: 'Rebooted the device, a restart fixed it.',
        status: 'resolved',
        lang: 'en',
      });
    const file = path.join(dir, 'tickets.jsonl');
    fs.writeFileSync(
      file,
      [
        ticket('MT-1', 'Label maker prints faded stripes on glossy tape'),
        ticket(
          'MT-2',
          'Quetzal brand sticker roll: label maker prints faded stripes on glossy tape',
        ),
      ].join('\n') + '\n',
    );
    const run = async (env: Record<string, string>) => {
      const r = await kg(['import', file, '--json'], { KG_SEED: 'off', ...env });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { imported: number; merged: number };
    };
    const merged = await run({ KG_DATA_DIR: path.join(dir, 'default') });
    expect(merged).toMatchObject({ imported: 1, merged: 1 });
    const apart = await run({ KG_DATA_DIR: path.join(dir, 'strict'), KG_MERGE_THRESHOLD: '1' });
    expect(apart).toMatchObject({ imported: 2, merged: 0 });
    const bad = await kg(['import', file], { KG_MERGE_THRESHOLD: '1.5' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('KG_MERGE_THRESHOLD');
  });
});
