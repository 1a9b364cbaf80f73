import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { kg, tempDir } from './support/cli.js';

// Real processes (tsx compiles on start): slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const dir = tempDir('kg-report-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kg report', () => {
  it('prints the metrics of a fresh (seeded) store as JSON and writes the HTML page', async () => {
    const html = path.join(dir, 'out', 'report.html');
    fs.mkdirSync(path.dirname(html));
    const env = { KG_DATA_DIR: path.join(dir, 'data') };
    const r = await kg(
      ['report', '--json', '--since', '2026-08-01', '--until', '2026-10-31', '--html', html],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as { cases: number; linkRate: { rate: number } };
    expect(m.cases).toBe(119);
    expect(m.linkRate.rate).toBe(1);
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<canvas id="chart-weeks"');

    const text = await kg(['report', '--since', '2026-08-01', '--until', '2026-10-31'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('cases                119 (119 name a customer)');

    const bad = await kg(['report', '--window', 'week'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--window must be a whole number/);
  });
});
