import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTickets } from '../src/extract/read/index.js';
import type { ReadItem } from '../src/extract/read/ticket.js';
import { openEvalEnv } from '../src/eval/env.js';
import { evalReplay } from '../src/eval/replay.js';
import { evalRepeat, splitByClusters, type SplitInput } from '../src/eval/repeat.js';
import { ROOT_DIR } from './support/seeded.js';
import { loadConfig } from '../src/config.js';
import { evalReplayCommand } from '../src/commands/eval.js';

const TINY = path.join(ROOT_DIR, 'test', 'fixtures', 'eval', 'tiny-repeat.jsonl');
const BROKEN = path.join(ROOT_DIR, 'test', 'fixtures', 'eval', 'tiny-broken.jsonl');
const config = { ontologyDir: path.join(ROOT_DIR, 'ontology') };

async function rowsOf(file: string): Promise<SplitInput[]> {
  const rows: SplitInput[] = [];
  let order = 0;
  for await (const item of readTickets(file)) {
    if (item.kind === 'ticket')
      rows.push({ source: file, line: item.line, order: order++, ticket: item.ticket });
  }
  return rows;
}

async function* tagged(file: string): AsyncGenerator<{ source: string; item: ReadItem }> {
  for await (const item of readTickets(file)) yield { source: file, item };
}

describe('eval protocol on a hand-made file', () => {
  it('splits clusters over duplicate_of: the earliest member is archived, the others are asked', async () => {
    const split = splitByClusters(await rowsOf(TINY));
    expect(split.clusters).toBe(2);
    expect(split.archive.map((r) => r.ticket.id)).toEqual(['A1', 'B1', 'U1', 'U2']);
    expect(split.queries.map((r) => r.ticket.id)).toEqual(['A2', 'B2', 'B3']);
    // B3 is linked to B2 only: still the B cluster (connected components).
    expect(split.clusterOf.get('B3')).toBe(split.clusterOf.get('B1'));
    expect(split.clusterOf.has('U1')).toBe(false);
  });

  it('scores the graph and the BM25 baseline on the known answers', async () => {
    const env = await openEvalEnv(config);
    try {
      const r = await evalRepeat(tagged(TINY), env);
      expect(r.queries).toBe(3);
      expect(r.archive).toBe(4);
      // Each repeat shares distinctive words with its archived ticket: both find it first.
      expect(r.baseline).toEqual({ hit1: 1, hit3: 1, mrr10: 1 });
      expect(r.graph).toEqual({ hit1: 1, hit3: 1, mrr10: 1 });
    } finally {
      await env.close();
    }
  });

  it('reports unusable rows with line and reason and still runs the rest', async () => {
    const env = await openEvalEnv(config);
    try {
      const r = await evalRepeat(tagged(BROKEN), env);
      expect(r.unusable.map((u) => u.line)).toEqual([5, 6]);
      expect(r.unusable[0]!.reason).toMatch(/JSON/i);
      expect(r.queries).toBe(3);
    } finally {
      await env.close();
    }
  });

  it('replays arrivals: no graph deflects nothing, the auto-updating graph deflects later repeats', async () => {
    const r = await evalReplay(await rowsOf(TINY), () => openEvalEnv(config));
    // Ordered: A1 B1 U1 | A2 B2 B3 U2 → arrivals A2 B2 B3 U2, all but U2 repeats.
    expect(r.arrivals).toBe(4);
    expect(r.repeats).toBe(3);
    expect(r.rate.none).toBe(0.75);
    expect(r.rate.static).toBeLessThan(r.rate.none);
    expect(r.rate.auto).toBeLessThanOrEqual(r.rate.static);
    expect(r.reduction).toBeGreaterThan(0);
  });

  it('says which rows were kept with a field set to null, with file and line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-eval-warn-'));
    try {
      const file = path.join(dir, 'dates.jsonl');
      const lines = fs.readFileSync(TINY, 'utf8').trim().split('\n');
      const row = JSON.parse(lines[1]!) as Record<string, unknown>;
      lines[1] = JSON.stringify({ ...row, created_at: 'last Tuesday' });
      fs.writeFileSync(file, lines.join('\n') + '\n');
      let printed = '';
      await evalReplayCommand(loadConfig({}), file, false, (x) => (printed += x));
      expect(printed).toMatch(/dates\.jsonl:2: warning: created_at: .*set to null/);
      expect(printed).toMatch(/repeat-inquiry rate/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
