import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { kg, tempDir } from './support/cli.js';

// Each test starts real processes (tsx compiles on start): slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

/** `kg export` and `kg import --snapshot` as a user runs them (embedded stores in temp dirs). */
describe('kg export / kg import --snapshot', () => {
  const dir = tempDir('kg-backup-e2e-');
  const a = { KG_DATA_DIR: path.join(dir, 'a') };
  const b = { KG_DATA_DIR: path.join(dir, 'b') };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('backs up a store into a directory and restores it into an empty one', async () => {
    const stats = await kg(['stats', '--json'], a); // first open: ontology and seed
    expect(stats.code).toBe(0);
    const out = path.join(dir, 'backups') + '/';
    const exported = await kg(['export', '--out', out], a);
    expect(exported.stderr).not.toContain('kg:');
    expect(exported.code).toBe(0);
    const [file] = fs.readdirSync(out);
    expect(file).toMatch(/^supportgraph-.*\.jsonl$/);
    expect(exported.stdout).toMatch(/exported \d+ nodes and \d+ edges .* as jsonl to /);
    const snapshot = path.join(out, file!);

    const restored = await kg(['import', '--snapshot', snapshot], b);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/restored \d+ nodes and \d+ edges from /);
    expect((await kg(['stats', '--json'], b)).stdout).toBe(stats.stdout);

    const again = await kg(['import', '--snapshot', snapshot], b);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/kg: the store is not empty .*pass --force/);
    const forced = await kg(['import', '--snapshot', snapshot, '--force'], b);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/nodes deleted first \(--force\)/);
  });

  it('says which line of a bad snapshot is wrong and why; GraphML goes to stdout with -', async () => {
    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, '{"id":"T1","subject":"a ticket, not a snapshot"}\n');
    const r = await kg(['import', '--snapshot', bad], { KG_DATA_DIR: path.join(dir, 'c') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:1: not a supportgraph snapshot`);
    const both = await kg(['import', 'x.jsonl', '--snapshot', bad], a);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/either an archive or --snapshot/);

    const g = await kg(['export', '--format', 'graphml', '--out', '-'], a);
    expect(g.code).toBe(0);
    expect(g.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<graphml')).toBe(true);
    expect(g.stdout.trimEnd().endsWith('</graphml>')).toBe(true);
    expect(g.stderr).toMatch(/exported \d+ nodes .* as graphml to stdout/);
  });
});
