import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/cli.js';
import { crashTrial, writeSeedArchive } from './support/crash.js';

/**
 * `kg import` killed with SIGKILL at three points (after a seeded random number of committed
 * batches, plus a random delay so the kill lands mid-batch), then run again to completion, leaves
 * the same graph as a clean run: same counts, no duplicates, no lost ticket. The archive is
 * recombined from the project's seed tickets; bench/crash.ts does the same at 100k tickets.
 */
const work = tempDir('kg-crash-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Fixed so a failure can be replayed; bench:crash takes `--seed`. */
const SEED = 20261122;

describe('crash safety of kg import', () => {
  it('three SIGKILLs and a rerun leave the graph a clean run leaves', async () => {
    const archive = path.join(work, 'archive.jsonl');
    const records = writeSeedArchive(archive, 300, SEED);
    const report = await crashTrial({
      archive,
      records,
      work,
      seed: SEED,
      kills: 3,
      batch: 15,
      // At least six batches left after the last kill point: the kill lands before the end.
      killWithin: 0.7,
    });
    const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    expect(failed).toEqual([]);
    // The kills really interrupted imports that had committed some batches, not finished ones.
    const killed = report.crashed.runs.filter((r) => r.killed);
    expect(killed.length).toBe(3);
    expect(killed.every((r) => r.batches > 0)).toBe(true);
    // Something was quarantined and something learnt, so both paths were crossed.
    expect(report.clean.dead.lines.length).toBe(2);
    expect(report.clean.audit.nodes.Fault).toBeGreaterThan(10);
  }, 400_000);
});
