import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTickets, readTicketsFromString } from '../src/extract/read/index.js';
import { revertChangeset } from '../src/extract/job.js';
import { watchDir } from '../src/commands/extract.js';
import type { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { seededAnswerService, ROOT_DIR, type Seeded } from './support/seeded.js';
import { parseTickets } from '../src/seed/load-seed.js';

/**
 * The extraction job on the project's own seed tickets: a graph that starts with the ontology and
 * nothing else learns the seed's faults from the tickets alone (the seed's gold labels say what
 * it should learn).
 */
const SEED_TICKETS = path.join(ROOT_DIR, 'seed', 'tickets.jsonl');
const gold = parseTickets(SEED_TICKETS, fs.readFileSync(SEED_TICKETS, 'utf8'));

let s: Seeded;
let tmp: string;

beforeAll(async () => {
  s = await seededAnswerService({}, () => new Date('2026-11-01T00:00:00Z'), { seed: false });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-extract-'));
});
afterAll(async () => {
  await s.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Extracted fault each seed ticket reports. */
async function faultOfTicket(): Promise<Map<string, string>> {
  const links = await s.store.neighbours(
    'Case',
    gold.map((t) => t.id),
    'REPORTS',
    'out',
  );
  return new Map(links.map((l) => [l.id, l.other.id]));
}

describe('extraction on the seed archive', () => {
  let firstCounts: Awaited<ReturnType<typeof s.store.counts>>;

  it('imports every ticket and reconciles read = imported + merged + skipped + quarantined', async () => {
    const summary = await s.job.run(readTickets(SEED_TICKETS), { source: SEED_TICKETS });
    expect(summary.read).toBe(gold.length);
    expect(summary.imported + summary.merged + summary.skipped + summary.quarantined).toBe(
      summary.read,
    );
    expect(summary.quarantined).toBe(0);
    expect(summary.skipped).toBe(0);
    expect(summary.imported).toBeGreaterThanOrEqual(20);
    expect(summary.merged).toBeGreaterThan(0);
    firstCounts = await s.store.counts();
    expect(firstCounts.nodes.Case).toBe(gold.length);
  });

  it('never merges two different seed faults, and keeps each seed fault in few extracted faults', async () => {
    const of = await faultOfTicket();
    const byGold = new Map<string, Set<string>>();
    const byExtracted = new Map<string, Set<string>>();
    for (const t of gold) {
      const f = of.get(t.id);
      expect(f, t.id).toBeDefined();
      byGold.set(t.gold.fault, new Set([...(byGold.get(t.gold.fault) ?? []), f!]));
      byExtracted.set(f!, new Set([...(byExtracted.get(f!) ?? []), t.gold.fault]));
    }
    const impure = [...byExtracted]
      .filter(([, g]) => g.size > 1)
      .map(([f, g]) => `${f} ← ${[...g].join(', ')}`);
    expect(impure, 'extracted faults mixing different seed faults').toEqual([]);
    // Measured on this seed: 29 seed faults → 36 extracted faults (7 seed faults split in two, a
    // ticket whose words reach no concept of the fault or a neighbouring one); 37 and 8 with a
    // merge threshold of 0.5, 42 and 12 before concept terms were also matched approximately.
    // The target is zero splits; these bounds keep the current quality from getting worse.
    const extracted = byExtracted.size;
    expect(extracted).toBeLessThanOrEqual(36);
    const split = [...byGold.values()].filter((x) => x.size > 1).length;
    expect(split).toBeLessThanOrEqual(7);
  });

  it('gives every learnt fault a solution with steps', async () => {
    const of = await faultOfTicket();
    const faults = await s.store.loadFaults([...new Set(of.values())]);
    for (const f of faults) {
      const solutions = [...f.solutions, ...f.causes.flatMap((c) => c.solutions)];
      expect(solutions.length, f.id).toBeGreaterThan(0);
      expect(
        solutions.some((x) => Array.isArray(x.props.steps) && x.props.steps.length > 0),
        f.id,
      ).toBe(true);
    }
  });

  it('keeps personal data and raw ticket text out of the graph', async () => {
    const cases = await s.store.scanNodes('Case', null, 1000);
    const faults = await s.store.scanNodes('Fault', null, 1000);
    const text = JSON.stringify([...cases, ...faults]);
    expect(text).not.toMatch(/13800000000|test@example\.com/);
    for (const c of cases) {
      expect(Object.keys(c.props)).not.toContain('description');
      expect(Object.keys(c.props)).not.toContain('resolution');
    }
  });

  it('records provenance: run, score and source sentence on every evidence link', async () => {
    const of = await faultOfTicket();
    const [fid] = [...new Set(of.values())];
    const ev = await s.store.evidence('Fault', [fid!], 'REPORTS');
    expect(ev.length).toBeGreaterThan(0);
    for (const e of ev) {
      expect(e.props.run).toMatch(/^run-/);
      expect(typeof e.props.score).toBe('number');
      expect(typeof e.props.sentence).toBe('string');
    }
  });

  it('changes nothing when the same archive is imported again', async () => {
    const again = await s.job.run(readTickets(SEED_TICKETS), { source: `${SEED_TICKETS}#again` });
    expect(again.skipped).toBe(gold.length);
    expect(again.imported + again.merged).toBe(0);
    expect(await s.store.counts()).toEqual(firstCounts);
  });

  it('answers new questions from what it learnt', async () => {
    const a = await s.answers.answer({
      question: 'the server went down and the console shows a power alarm',
    });
    expect(a.candidates.length).toBeGreaterThan(0);
    const of = await faultOfTicket();
    const psuTickets = gold.filter((t) => t.gold.fault === 'flt-server-down-psu').map((t) => t.id);
    expect(psuTickets.map((t) => of.get(t))).toContain(a.candidates[0]!.faultId);
  });
});

describe('entity resolution', () => {
  const ticket = (id: string, subject: string, description: string) =>
    JSON.stringify({
      id,
      created_at: '2026-10-30T10:00:00Z',
      resolved_at: '2026-10-30T11:00:00Z',
      customer_id: id,
      subject,
      description,
      resolution: 'Rebooted the device, a restart fixed it.',
      status: 'resolved',
      lang: 'en',
    });
  const labels = ticket(
    'RB-1',
    'Label maker prints faded stripes on glossy tape',
    'My label maker prints faded stripes on glossy tape.',
  );
  const labelsAgain = ticket(
    'RB-2',
    'Quetzal brand sticker roll: label maker prints faded stripes on glossy tape',
    'Quetzal brand sticker roll: label maker prints faded stripes on glossy tape.',
  );
  const beeps = ticket(
    'RB-3',
    'Label maker beeps twice when switched on',
    'The label maker beeps twice when switched on.',
  );
  const fresh = () =>
    seededAnswerService({}, () => new Date('2026-11-01T00:00:00Z'), { seed: false });

  it('merges a differently phrased ticket into a fault created earlier in the same batch', async () => {
    // One batch, so the second ticket can only find the first through the batch's own index.
    // No fault concept in either: they merge on text plus the shared solution concept (restart),
    // and the second ticket's rarest words are not in the first, which it must still find.
    const s = await fresh();
    try {
      const r = await s.job.run(
        readTicketsFromString([labels, labelsAgain].join('\n'), { format: 'jsonl' }),
        { source: 'test-batch' },
      );
      expect(r.changesets).toHaveLength(1);
      expect(r.imported).toBe(1);
      expect(r.merged).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('reads from the store only the fault a ticket merges into', async () => {
    // A batch per ticket, so every candidate comes from the graph: the second ticket's best
    // candidate (the beeping one: a few words and the solution concept in common) is too far to
    // merge into and must not cost a store read.
    const s = await fresh();
    const loaded: string[] = [];
    const loadFaults = s.store.loadFaults.bind(s.store);
    s.store.loadFaults = (ids) => {
      loaded.push(...ids);
      return loadFaults(ids);
    };
    try {
      const r = await s.job.run(
        readTicketsFromString([beeps, labels, labelsAgain].join('\n'), { format: 'jsonl' }),
        { source: 'test-reads', batchSize: 1 },
      );
      expect([r.imported, r.merged]).toEqual([2, 1]);
      const [merged] = await s.store.neighbours('Case', ['RB-2'], 'REPORTS', 'out');
      expect(loaded).toEqual([merged!.other.id]);
    } finally {
      await s.close();
    }
  });
});

describe('changesets', () => {
  it('reverts a run exactly', async () => {
    const before = await s.store.counts();
    const text = [
      JSON.stringify({
        id: 'CS-1',
        created_at: '2026-10-30T10:00:00Z',
        resolved_at: '2026-10-30T11:00:00Z',
        customer_id: 'Z1',
        product: 'prod-smartphone',
        subject: 'Phone screen flickers green after dropping it',
        description: 'The screen flickers green since I dropped it.',
        cause: 'The display cable came loose.',
        resolution: 'Reseated the display cable. Tested the screen for ten minutes.',
        status: 'resolved',
        lang: 'en',
      }),
    ].join('\n');
    const r = await s.job.run(readTicketsFromString(text, { format: 'jsonl' }), {
      source: 'test-revert',
    });
    expect(r.imported + r.merged).toBe(1);
    expect(await s.store.counts()).not.toEqual(before);
    await revertChangeset(s.store, s.answers, r.changesets[0]!);
    expect(await s.store.counts()).toEqual({
      ...before,
      nodes: {
        ...before.nodes,
        Changeset: (before.nodes.Changeset ?? 0) + 1,
        ImportCheckpoint: (before.nodes.ImportCheckpoint ?? 0) + 1,
      },
    });
    await expect(revertChangeset(s.store, s.answers, r.changesets[0]!)).rejects.toThrow(
      /already reverted/,
    );
  });
});

describe('bad records', () => {
  it('quarantines bad lines with line and reason, imports the rest, and fails the run past the bad share', async () => {
    const file = path.join(tmp, 'mixed.jsonl');
    const good = (id: string) =>
      JSON.stringify({
        id,
        subject: '手机充不进电',
        description: '插上充电器没反应。',
        resolution: '请更换原装充电线后再试。',
        status: 'resolved',
        lang: 'zh',
      });
    fs.writeFileSync(
      file,
      [good('BAD-1'), '{"id": "BAD-2", "subject": ', good('BAD-3'), '[1,2]', ''].join('\n'),
    );
    const dead = path.join(tmp, 'dead.jsonl');
    const r = await s.job.run(readTickets(file), { source: file, deadLetterFile: dead });
    expect(r.read).toBe(4);
    expect(r.quarantined).toBe(2);
    expect(r.imported + r.merged + r.skipped + r.quarantined).toBe(r.read);
    const rows = fs
      .readFileSync(dead, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rows.map((x) => x.line)).toEqual([2, 4]);
    for (const x of rows) expect(x.reason.length).toBeGreaterThan(5);
    expect(r.failure).toMatch(/2 of 4 records/);
  });
});

describe('watch mode', () => {
  it('picks up new files and appended lines and makes them answerable', async () => {
    const dir = path.join(tmp, 'inbox');
    fs.mkdirSync(dir);
    const ac = new AbortController();
    const app = { services: { job: s.job }, config: loadConfig({}) } as unknown as App;
    const lines: string[] = [];
    const watching = watchDir(app, dir, (x) => lines.push(x), 100, ac.signal);
    const ticket = {
      id: 'W-1',
      created_at: '2026-10-31T10:00:00Z',
      resolved_at: '2026-10-31T11:00:00Z',
      subject: 'Smart TV app shows error 7731 at start',
      description: 'The TV app shows error 7731 whenever it starts.',
      resolution: 'Clear the TV app cache in settings and restart the TV.',
      status: 'resolved',
      lang: 'en',
    };
    fs.writeFileSync(path.join(dir, 'today.jsonl'), JSON.stringify(ticket) + '\n');
    const answerable = async (q: string, id: string) => {
      for (let i = 0; i < 100; i++) {
        const a = await s.answers.answer({ question: q });
        const links = await s.store.neighbours('Case', [id], 'REPORTS', 'out');
        if (links.length > 0 && a.candidates.some((c) => c.faultId === links[0]!.other.id))
          return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    };
    expect(await answerable('error 7731 on the TV app', 'W-1')).toBe(true);
    fs.appendFileSync(
      path.join(dir, 'today.jsonl'),
      JSON.stringify({
        ...ticket,
        id: 'W-2',
        subject: 'Router LED blinks purple 4412',
        description: 'My router LED blinks purple with code 4412.',
        resolution: 'Hold the reset button for ten seconds to restore defaults.',
      }) + '\n',
    );
    expect(await answerable('router blinks purple code 4412', 'W-2')).toBe(true);
    ac.abort();
    await watching;
    expect(lines.join('')).toMatch(/today\.jsonl: 1 imported/);
  });
});
