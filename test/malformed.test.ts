import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINE_BYTES, readTickets } from '../src/extract/read/index.js';
import type { ReadOptions } from '../src/extract/read/index.js';
import type { ImportSummary } from '../src/extract/job.js';
import { kg } from './support/cli.js';
import { seededAnswerService, type Seeded } from './support/seeded.js';

/**
 * Malformed archives through the real import job (reader → job → in-memory embedded store →
 * dead-letter file): every non-blank record is imported, merged, skipped with a reason or
 * quarantined with its line and reason, and a run with too many bad records fails with a clear
 * message while keeping its good records. The ticket text is written for these tests.
 */
let s: Seeded;
let tmp: string;

beforeAll(async () => {
  s = await seededAnswerService({}, () => new Date('2026-11-01T00:00:00Z'), { seed: false });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-malformed-'));
});
afterAll(async () => {
  await s.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const SUBJECTS = [
  'Router reboots every night at midnight',
  'Cannot log in to the banking app after the update',
  'Phone battery drains within two hours',
  'Cloud server unreachable after a power alarm',
];

/** A ticket object written for these tests; `n` varies the text and id. */
function ticket(id: string, n = 0): Record<string, string> {
  return {
    id,
    subject: SUBJECTS[n % SUBJECTS.length]!,
    description: `${SUBJECTS[n % SUBJECTS.length]!}. It started on Monday and happens every day.`,
    resolution: 'Replaced the power adapter and the problem went away.',
    lang: 'en',
  };
}

const jsonl = (rows: (Record<string, string> | string)[]): string =>
  rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

interface DeadLetterEntry {
  source: string;
  line: number;
  reason: string;
  raw: string;
}

let files = 0;
/** Writes `content` to a fresh file and imports it; returns the summary and its dead letters. */
async function importFile(
  name: string,
  content: string | Buffer,
  options: ReadOptions & { maxBadShare?: number } = {},
): Promise<{ summary: ImportSummary; dead: DeadLetterEntry[]; file: string }> {
  const dir = path.join(tmp, String(++files));
  fs.mkdirSync(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  const deadLetterFile = `${file}.rejected.jsonl`;
  const { maxBadShare, ...read } = options;
  const summary = await s.job.run(readTickets(file, read), {
    source: file,
    deadLetterFile,
    maxBadShare,
    batchSize: 3,
  });
  const dead = fs.existsSync(deadLetterFile)
    ? fs
        .readFileSync(deadLetterFile, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as DeadLetterEntry)
    : [];
  return { summary, dead, file };
}

/**
 * The reconciliation every import must satisfy: read = imported + merged + skipped + quarantined
 * = the physical records, skips carry reasons, and the dead-letter file holds exactly the
 * quarantined records, each with its line and a reason.
 */
function expectReconciled(
  r: { summary: ImportSummary; dead: DeadLetterEntry[]; file: string },
  records: number,
  badLines: number[],
): void {
  const { summary: s, dead } = r;
  expect(s.read).toBe(records);
  expect(s.imported + s.merged + s.skipped + s.quarantined).toBe(records);
  expect(Object.values(s.skipReasons).reduce((a, b) => a + b, 0)).toBe(s.skipped);
  expect(s.quarantined).toBe(badLines.length);
  expect(dead.map((d) => d.line)).toEqual(badLines);
  for (const d of dead) {
    expect(d.source).toBe(r.file);
    expect(Number.isInteger(d.line) && d.line > 0).toBe(true);
    expect(d.reason.trim()).not.toBe('');
  }
}

async function caseSubject(id: string): Promise<string | undefined> {
  const [k] = await s.store.getNodes('Case', [id]);
  return k?.props.subject as string | undefined;
}

describe('malformed archives through the import job', () => {
  it('truncated JSONL: the cut last line is quarantined, the rows before it imported', async () => {
    const whole = jsonl([ticket('TR-1', 0), ticket('TR-2', 1), ticket('TR-3', 2)]);
    const cut = JSON.stringify(ticket('TR-4', 3)).slice(0, 40);
    const r = await importFile('truncated.jsonl', whole + cut);
    expectReconciled(r, 4, [4]);
    expect(r.dead[0]?.reason).toMatch(
      /^invalid JSON at column \d+: unterminated string \(is the line cut off\?\)/,
    );
    expect(r.summary.imported + r.summary.merged).toBe(3);
    expect(await caseSubject('TR-3')).toBe(SUBJECTS[2]);
  });

  it('unterminated CSV quote: that record is quarantined at the line it starts, the rest read', async () => {
    const csv = [
      'id,subject,description',
      'CQ-1,Router reboots every night,It reboots at midnight',
      'CQ-2,"Banking app login fails,It fails after the update',
      'CQ-3,Phone battery drains,Drains in two hours',
      'CQ-4,Cloud server unreachable,Power alarm on the console',
    ].join('\n');
    const r = await importFile('quote.csv', csv + '\n');
    expectReconciled(r, 4, [3]);
    expect(r.dead[0]?.reason).toMatch(/quote/);
    expect(await caseSubject('CQ-4')).toBe('Cloud server unreachable');
  });

  it('encodings without a declaration: GB18030 and Latin-1 lines read right, invalid bytes quarantined', async () => {
    const gb = Buffer.from([0xc2, 0xb7, 0xd3, 0xc9, 0xc6, 0xf7, 0xd6, 0xd8, 0xc6, 0xf4]); // 路由器重启
    const bytes = Buffer.concat([
      Buffer.from(JSON.stringify(ticket('EN-1', 0)) + '\n'),
      Buffer.from('{"id":"EN-2","lang":"zh","subject":"'),
      gb,
      Buffer.from('","description":"'),
      gb,
      Buffer.from('"}\n{"id":"EN-3","subject":"Caf'),
      Buffer.from([0xe9]), // é in Latin-1
      Buffer.from(' wifi is down","description":"The caf'),
      Buffer.from([0xe9]),
      Buffer.from(' router drops every client."}\n{"id":"EN-4","subject":"'),
      Buffer.from([0xff, 0xff, 0xfe]), // valid in no encoding
      Buffer.from(' broken"}\n'),
    ]);
    const r = await importFile('encodings.jsonl', bytes);
    expectReconciled(r, 4, [4]);
    expect(r.dead[0]?.reason).toBe('line is neither valid UTF-8 nor GB18030 (wrong encoding?)');
    expect(await caseSubject('EN-2')).toBe('路由器重启');
    expect(await caseSubject('EN-3')).toBe('Café wifi is down');
  });

  it('forced UTF-8 quarantines the lines that are not UTF-8, with the reason', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"id":"U8-1","subject":"Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' wifi is down"}\n' + JSON.stringify(ticket('U8-2')) + '\n'),
    ]);
    const r = await importFile('forced.jsonl', bytes, { encoding: 'utf8', maxBadShare: 1 });
    expectReconciled(r, 2, [1]);
    expect(r.dead[0]?.reason).toBe('line is not valid UTF-8 (wrong encoding?)');
  });

  it('byte order marks: UTF-8 (JSONL and CSV), UTF-16 LE and BE are read, the mark dropped', async () => {
    const rows = [ticket('BOM-1', 0), { ...ticket('BOM-2', 1), subject: '手机电池一天就没电' }];
    const text = jsonl(rows);
    const utf16be = (t: string) => Buffer.from(t, 'utf16le').swap16();
    const cases: [string, Buffer][] = [
      ['utf8.jsonl', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ['utf16le.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf16be.jsonl', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)])],
      [
        'utf16be.csv',
        Buffer.concat([
          Buffer.from([0xfe, 0xff]),
          utf16be('id,subject,description\r\nBOM-3,上网很慢,晚上八点以后很慢\r\n'),
        ]),
      ],
      ['utf8.csv', Buffer.from('\uFEFFid,subject,description\nBOM-4,Router reboots,Every night\n')],
    ];
    for (const [name, bytes] of cases) {
      const r = await importFile(name, bytes);
      const records = name.endsWith('.csv') ? 1 : 2;
      expectReconciled(r, records, []);
    }
    expect(await caseSubject('BOM-2')).toBe('手机电池一天就没电');
    expect(await caseSubject('BOM-3')).toBe('上网很慢');
    expect(await caseSubject('BOM-4')).toBe('Router reboots');
  });

  it('missing columns: short and long CSV rows, a header without id, JSONL without id or text', async () => {
    const csv = [
      'id,subject,description',
      'MC-1,Router reboots every night,Every night',
      'MC-2,Only two fields',
      'MC-3,Too,many,fields',
      ',No id here,Nothing',
      'MC-5,Phone battery drains,Fast',
    ].join('\n');
    const r = await importFile('columns.csv', csv, { maxBadShare: 1 });
    expectReconciled(r, 5, [3, 4, 5]);
    expect(r.dead.map((d) => d.reason)).toEqual([
      'row has 2 fields but the header has 3',
      'row has 4 fields but the header has 3',
      'missing id',
    ]);

    const noId = await importFile('no-id.csv', 'ticket,subject\nX1,Router\nX2,Phone\n', {
      maxBadShare: 1,
    });
    expectReconciled(noId, 3, [1, 2, 3]);
    expect(noId.dead[2]?.reason).toMatch(/^cannot be read: the header \(line 1\) is unusable/);

    const j = await importFile(
      'columns.jsonl',
      jsonl([{ subject: 'no id' }, { id: 'MJ-2' }, ticket('MJ-3')]),
      { maxBadShare: 1 },
    );
    expectReconciled(j, 3, [1, 2]);
    expect(j.dead.map((d) => d.reason)).toEqual([
      'missing id',
      'nothing to learn from: subject, description and turns are all missing or empty',
    ]);
  });

  it('empty files: nothing read, nothing written, no failure', async () => {
    for (const [name, content] of [
      ['empty.jsonl', ''],
      ['blank.jsonl', '\n\n  \n'],
      ['bom-only.jsonl', '\uFEFF'],
      ['header-only.csv', 'id,subject\n'],
      ['empty.csv', ''],
    ] as const) {
      const r = await importFile(name, content);
      expectReconciled(r, 0, []);
      expect(r.summary.failure).toBeNull();
      expect(r.summary.changesets).toEqual([]);
    }
  });

  it('a re-import after a crash does not write a dead letter twice', async () => {
    const content = jsonl([ticket('DL-1', 0), '{"id":"DL-2",', ticket('DL-3', 1)]);
    const first = await importFile('again.jsonl', content, { maxBadShare: 1 });
    expectReconciled(first, 3, [2]);
    // The same source again without its checkpoint, as after a crash before the first commit.
    const summary = await s.job.run(readTickets(first.file), {
      source: first.file,
      deadLetterFile: `${first.file}.rejected.jsonl`,
      maxBadShare: 1,
      resume: false,
    });
    expect(summary.quarantined).toBe(1);
    expect(summary.skipped).toBe(2);
    const lines = fs.readFileSync(`${first.file}.rejected.jsonl`, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
  });
});

describe('the share of bad records', () => {
  /** 200 records of which `bad` are broken JSON. */
  function archive(prefix: string, bad: number): string {
    const rows: (Record<string, string> | string)[] = [];
    for (let i = 0; i < 200; i++)
      rows.push(i < bad ? `{"id":"${prefix}-${i}","subject":` : ticket(`${prefix}-${i}`, i));
    return jsonl(rows);
  }

  it('up to the limit (1 % by default) the run succeeds', async () => {
    const r = await importFile('ok.jsonl', archive('SH1', 2));
    expectReconciled(r, 200, [1, 2]);
    expect(r.summary.failure).toBeNull();
  });

  it('over the limit the run fails, names the dead-letter file, and keeps the good records', async () => {
    const r = await importFile('over.jsonl', archive('SH2', 3));
    expectReconciled(r, 200, [1, 2, 3]);
    expect(r.summary.failure).toBe(
      `3 of 200 records (1.5 %) could not be read, more than the allowed 1.0 %; the readable records were imported, the others are in ${r.file}.rejected.jsonl`,
    );
    expect(await s.store.getNodes('Case', ['SH2-3', 'SH2-199'])).toHaveLength(2);
  });

  it('the limit is configurable per run, and refused outside 0..1', async () => {
    const r = await importFile('lenient.jsonl', archive('SH3', 3), { maxBadShare: 0.02 });
    expect(r.summary.failure).toBeNull();
    await expect(importFile('nan.jsonl', archive('SH4', 0), { maxBadShare: 2 })).rejects.toThrow(
      /between 0 and 1/,
    );
  });
});

describe('a 100 MB single line', () => {
  it('is rejected by the line limit with a clear reason, without holding it in memory', async () => {
    const file = path.join(tmp, 'huge.jsonl');
    const size = 100 * 1024 * 1024;
    const out = fs.createWriteStream(file);
    out.write(JSON.stringify(ticket('HL-1')) + '\n{"id":"HL-2","subject":"');
    const block = Buffer.alloc(1 << 20, 'y');
    for (let left = size; left > 0; left -= block.length)
      if (!out.write(block.subarray(0, Math.min(left, block.length)))) await once(out, 'drain');
    out.end('"}\n' + JSON.stringify(ticket('HL-3', 1)) + '\n');
    await once(out, 'finish');

    const before = process.memoryUsage();
    let peak = 0;
    const sample = () => {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before.heapUsed - before.arrayBuffers);
    };
    const timer = setInterval(sample, 5);
    const deadLetterFile = `${file}.rejected.jsonl`;
    const summary = await s.job.run(readTickets(file), { source: file, deadLetterFile });
    clearInterval(timer);
    sample();
    const [dead] = fs
      .readFileSync(deadLetterFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DeadLetterEntry);
    expect(dead?.line).toBe(2);
    const bytes = size + '{"id":"HL-2","subject":""}'.length;
    expect(dead?.reason).toBe(
      `line is ${bytes} bytes, over the limit of ${DEFAULT_MAX_LINE_BYTES} bytes (maxLineBytes); skipped`,
    );
    expect(dead?.raw.length).toBe(500);
    expect(summary.imported + summary.merged).toBe(2);
    expect(summary.quarantined).toBe(1);
    // One bad line of three is over the 1 % share.
    expect(summary.failure).toMatch(/^1 of 3 records/);
    // The line is never held whole: far less than its 100 MB (the limit is 10 MB).
    expect(peak).toBeLessThan(40 * 1024 * 1024);
    fs.rmSync(file);
  });
});

describe('kg import exit codes', () => {
  it('exits 1 with a clear message over the share, 0 when KG_IMPORT_MAX_BAD_SHARE allows it', async () => {
    const file = path.join(tmp, 'cli.jsonl');
    fs.writeFileSync(
      file,
      jsonl([ticket('CLI-1', 0), '{"id":"CLI-2"', ticket('CLI-3', 1), ticket('CLI-4', 2)]),
    );
    const env = { KG_DATA_DIR: path.join(tmp, 'cli-data'), KG_SEED: 'off' };
    const failed = await kg(['import', file], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      `kg: import failed: 1 of 4 records (25.0 %) could not be read, more than the allowed 1.0 %; the readable records were imported, the others are in ${file}.rejected.jsonl`,
    );
    expect(failed.stdout).toMatch(
      /read 4 = \d+ imported \+ \d+ merged \+ 0 skipped \+ 1 quarantined/,
    );
    const again = await kg(['import', file, '--json'], {
      ...env,
      KG_IMPORT_MAX_BAD_SHARE: '0.5',
    });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    // The good records were kept by the failed run: the second one finds them committed.
    const summary = JSON.parse(again.stdout) as ImportSummary;
    expect(summary.failure).toBeNull();
    expect(summary.skipReasons).toEqual({ 'before the checkpoint of an earlier run': 4 });
  }, 120_000);
});
