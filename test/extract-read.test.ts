import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../src/errors.js';
import {
  normalizeDate,
  parseFieldMap,
  readTickets,
  readTicketsFromString,
} from '../src/extract/read/index.js';
import type { ReadItem, ReadOptions, Ticket } from '../src/extract/read/index.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tickets');
const fixture = (name: string): string => path.join(FIXTURES, name);

async function collect(items: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const read = (name: string, options?: ReadOptions): Promise<ReadItem[]> =>
  collect(readTickets(fixture(name), options));

function tickets(items: ReadItem[]): Ticket[] {
  return items.flatMap((i) => (i.kind === 'ticket' ? [i.ticket] : []));
}

function bad(items: ReadItem[]): { line: number; reason: string; raw: string }[] {
  return items.flatMap((i) =>
    i.kind === 'bad' ? [{ line: i.line, reason: i.reason, raw: i.raw }] : [],
  );
}

/** Every item, as `line:kind` (with the ticket id), to check order and line numbers at once. */
function outline(items: ReadItem[]): string[] {
  return items.map((i) => (i.kind === 'ticket' ? `${i.line}:${i.ticket.id}` : `${i.line}:bad`));
}

/** Non-blank physical lines of a JSONL fixture: each must come out as exactly one item. */
async function nonBlankLines(name: string): Promise<number> {
  const text = await readFile(fixture(name), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').length;
}

describe('readTickets: JSONL in the seed schema', () => {
  it('maps every field and keeps unknown keys (gold) in meta', async () => {
    const items = await read('seed-schema.jsonl');
    expect(outline(items)).toEqual(['1:S001', '2:S002', '3:S003']);
    const [first, second, third] = tickets(items);
    expect(first).toEqual({
      id: 'S001',
      createdAt: '2026-08-01T09:15:00Z',
      resolvedAt: '2026-08-01T11:40:00Z',
      customerId: 'C100',
      product: 'prod-home-broadband',
      subject: '光猫 LOS 灯闪红',
      description: '早上起来家里断网了，光猫上的 LOS 灯一直闪红。',
      cause: '小区光缆被施工挖断',
      resolution: '派维修人员熔接光缆后恢复，已回访客户确认可以上网。',
      status: 'resolved',
      lang: 'zh',
      duplicateOf: [],
      turns: null,
      meta: { gold: { fault: 'flt-fiber-cut' } },
    });
    expect(second?.lang).toBe('en');
    expect(second?.cause).toBeNull();
    expect(second?.meta).toEqual({});
    expect(third?.duplicateOf).toEqual(['S001']);
    expect(third?.resolvedAt).toBeNull();
  });
});

describe('readTickets: JSONL in the shared data schema', () => {
  it('maps the dialogue (customer / helpdesk → agent), thread id, meta.resolved_at and meta.status', async () => {
    const items = await read('shared-schema.jsonl');
    expect(outline(items)).toEqual(['1:dlg-zh-0001', '2:bug-0002']);
    const [dialogue, bug] = tickets(items);
    expect(dialogue?.customerId).toBe('thread-0001');
    expect(dialogue?.turns).toEqual([
      {
        sender: 'customer',
        text: '宽带每天晚上八点以后就特别慢，测速只有 2M，白天正常。@某宽带客服',
      },
      { sender: 'agent', text: '您好，已为您提交网络优化工单，技术人员会在 24 小时内联系您。' },
      { sender: 'customer', text: '好的，今天晚上已经恢复正常了，谢谢！' },
      { sender: 'agent', text: '如仍有问题请随时私信我们。' },
    ]);
    expect(dialogue?.subject).toBeNull();
    // meta is kept as given (dialogue included), plus the top-level `source`.
    expect(dialogue?.meta.turn_nugget_majority).toEqual(['CNUG0', 'HNUG*', 'CNUG*', 'HNaN']);
    expect(dialogue?.meta.source).toBe('handmade_dialogue');
    expect(Array.isArray(dialogue?.meta.dialogue)).toBe(true);
    expect(dialogue?.meta).not.toHaveProperty('customer_or_thread_id');

    expect(bug?.createdAt).toBe('2026-03-10T08:30:00Z'); // no zone: taken as UTC
    expect(bug?.resolvedAt).toBe('2026-03-12T17:45:00Z'); // from meta.resolved_at
    expect(bug?.status).toBe('Resolved'); // from meta.status
    expect(bug?.duplicateOf).toEqual(['bug-0001']);
    expect(bug?.turns).toBeNull();
    expect(bug?.meta.priority).toBe('Major');
  });

  it('accepts other sender labels and rejects unknown ones', async () => {
    const text = [
      JSON.stringify({
        id: 'a',
        turns: [
          { role: 'user', content: 'hi' },
          { sender: '客服', text: '您好' },
        ],
      }),
      JSON.stringify({ id: 'b', meta: { dialogue: [{ sender: 'alien', text: 'x' }] } }),
      JSON.stringify({ id: 'c', meta: { dialogue: 'not a list' } }),
    ].join('\n');
    const items = await collect(readTicketsFromString(text));
    expect(tickets(items)[0]?.turns).toEqual([
      { sender: 'customer', text: 'hi' },
      { sender: 'agent', text: '您好' },
    ]);
    expect(bad(items).map((b) => [b.line, b.reason])).toEqual([
      [2, 'turns[0].sender "alien" is neither customer nor agent'],
      [3, 'turns must be a list, got string'],
    ]);
  });
});

describe('readTickets: bad JSONL rows', () => {
  it('reports each bad row at its line with a clear reason and keeps going', async () => {
    const items = await read('bad-rows.jsonl');
    expect(outline(items)).toEqual([
      '1:B001',
      '3:bad',
      '4:bad',
      '5:bad',
      '6:bad',
      '7:bad',
      '8:bad',
      '9:bad',
      '10:bad',
      '11:B011',
      '12:12',
      '14:B013',
    ]);
    const reasons = bad(items).map((b) => b.reason);
    expect(reasons[0]).toMatch(
      /^invalid JSON at column \d+: unexpected "}" where a value was expected/,
    );
    expect(reasons.slice(1)).toEqual([
      'expected a JSON object, got array',
      'missing id',
      'id must be a string or number, got boolean',
      'nothing to learn from: subject, description and turns are all missing or empty',
      'duplicate_of must be a list, got string',
      'turns[0].sender "robot" is neither customer nor agent',
      'meta must be an object, got string',
    ]);
    expect(bad(items)[1]?.raw).toBe('[1,2,3]');
  });

  it('keeps a ticket with an unparseable date or language, with warnings', async () => {
    const items = await read('bad-rows.jsonl');
    const odd = tickets(items).find((t) => t.id === 'B011');
    expect(odd?.createdAt).toBeNull();
    expect(odd?.lang).toBeNull();
    expect(odd?.meta.warnings).toEqual([
      'created_at: unrecognised date "next tuesday"; set to null',
      'lang: unsupported language "klingon"; set to null',
    ]);
    const numeric = tickets(items).find((t) => t.id === '12');
    expect(numeric?.customerId).toBe('345');
    expect(tickets(items)[0]?.createdAt).toBe('2026-08-01T00:00:00Z');
  });

  it('reports a truncated last line (cut mid-object) as bad, with the column', async () => {
    const items = await read('truncated.jsonl');
    expect(outline(items)).toEqual(['1:R001', '2:R002', '3:bad']);
    const last = bad(items)[0];
    expect(last?.reason).toMatch(
      /^invalid JSON at column \d+: unterminated string \(is the line cut off\?\)/,
    );
    expect(last?.raw).toBe('{"id":"R003","subject":"Cut off mid-obj');
  });

  it('locates JSON errors that V8 does not place', async () => {
    const items = await collect(
      readTicketsFromString('{"id":"x",,"subject":"s"}\n{"id":"y","subject":"s"} trailing\n{"id":'),
    );
    expect(bad(items).map((b) => b.reason)).toEqual([
      'invalid JSON at column 11: expected a property name in double quotes, got ","; text before it: {"id":"x",',
      'invalid JSON at column 26: unexpected "t" after the end of the JSON value; text before it: :"y","subject":"s"} ',
      'invalid JSON at column 7: unexpected end of input (is the line cut off?); text before it: {"id":',
    ]);
  });
});

describe('readTickets: CSV', () => {
  it('strips the BOM, reads quoted multi-line fields, commas and "" escapes, at their start lines', async () => {
    const items = await read('bom-multiline.csv');
    expect(outline(items)).toEqual(['2:C001', '4:C002', '6:C003']);
    const [c1, c2, c3] = tickets(items);
    expect(c1?.subject).toBe('Router, reboot loop');
    expect(c1?.description).toBe(
      'The router restarts every few minutes.\nLights go off, then on again.',
    );
    expect(c1?.createdAt).toBe('2026-08-05T10:00:00Z');
    expect(c2?.description).toBe('手机连上 WiFi 几分钟就掉线，提示"已连接，无网络"。');
    expect(c2?.createdAt).toBe('2026-08-06T08:30:00Z');
    expect(c2?.lang).toBe('zh');
    expect(c3?.subject).toBe('Three\nline\nsubject');
    expect(c3?.resolution).toBeNull(); // empty cell
    expect(c3?.createdAt).toBeNull();
    expect(c3?.meta).toEqual({});
  });

  it('reports an unterminated quote at the line its record starts, then reads on', async () => {
    const items = await read('unterminated-quote.csv');
    expect(outline(items)).toEqual(['2:U001', '3:bad', '4:U003', '5:U004']);
    const [broken] = bad(items);
    expect(broken?.reason).toMatch(
      /^invalid quoting: .*the record spans lines 3–5: is a quote left open\?/,
    );
    expect(broken?.raw.startsWith('U002,"Broken quote')).toBe(true);
    expect(tickets(items)[2]?.subject).toBe('Quoted, properly');
  });

  it('recovers from a quote that is never closed before the end of the file', async () => {
    const csv = 'id,subject\nA1,ok\nA2,"never closed\nA3,fine\nA4,also fine\n';
    const items = await collect(readTicketsFromString(csv, { format: 'csv' }));
    expect(outline(items)).toEqual(['2:A1', '3:bad', '4:A3', '5:A4']);
    expect(bad(items)[0]?.reason).toMatch(/^unterminated quoted field/);
  });

  it('stops after a record over the size limit swallows the file, then recovers', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `R${i},row number ${i} with some padding text`,
    );
    const csv = ['id,subject', 'R-open,"opens a quote', ...rows].join('\n');
    const items = await collect(readTicketsFromString(csv, { format: 'csv', maxLineBytes: 300 }));
    expect(bad(items)[0]).toMatchObject({ line: 2 });
    expect(bad(items)[0]?.reason).toMatch(
      /^record is longer than 300 bytes \(an unterminated quote\?\)/,
    );
    expect(tickets(items).map((t) => t.id)).toEqual(rows.map((_, i) => `R${i}`));
    expect(items).toHaveLength(41);
  });

  it('gives up with one final item when replays would exceed their budget', async () => {
    // Every row opens a quote that never closes: each error re-reads the rest of the file.
    const rows = Array.from({ length: 400 }, (_, i) => `Q${i},"open ${'x'.repeat(20)}`);
    const csv = ['id,subject', ...rows].join('\n');
    const items = await collect(readTicketsFromString(csv, { format: 'csv', maxLineBytes: 200 }));
    const last = items[items.length - 1];
    expect(last?.kind).toBe('bad');
    expect(last?.kind === 'bad' && last.reason).toMatch(
      /^the rest of the file \(lines \d+–\d+ and after\) could not be read/,
    );
    expect(tickets(items)).toEqual([]);
    expect(items.length).toBeLessThan(rows.length);
  });

  it('reports a header without an id column at line 1, and every row after it as unreadable', async () => {
    const items = await read('missing-id.csv');
    const problem =
      'header has no "id" column, so rows cannot be identified (columns: ticket, subject, description)';
    expect(items).toEqual([
      { kind: 'bad', line: 1, reason: problem, raw: 'ticket,subject,description' },
      {
        kind: 'bad',
        line: 2,
        reason: `cannot be read: the header (line 1) is unusable: ${problem}`,
        raw: 'M001,No id column,The header calls it ticket',
      },
      {
        kind: 'bad',
        line: 3,
        reason: `cannot be read: the header (line 1) is unusable: ${problem}`,
        raw: 'M002,Second,Row',
      },
    ]);
  });

  it('reports rows with a different number of fields than the header', async () => {
    const csv = 'id,subject,description\nA,one,two\nB,only two\nC,one,two,three\n';
    const items = await collect(readTicketsFromString(csv, { format: 'csv' }));
    expect(outline(items)).toEqual(['2:A', '3:bad', '4:bad']);
    expect(bad(items).map((b) => b.reason)).toEqual([
      'row has 2 fields but the header has 3',
      'row has 4 fields but the header has 3',
    ]);
  });

  it('splits duplicate_of cells and keeps unknown columns in meta', async () => {
    const csv = 'id,subject,duplicate_of,channel\nA,s,"B1, B2;B3",phone\nB,s,"[""X""]",\n';
    const [a, b] = tickets(await collect(readTicketsFromString(csv, { format: 'csv' })));
    expect(a?.duplicateOf).toEqual(['B1', 'B2', 'B3']);
    expect(a?.meta).toEqual({ channel: 'phone' });
    expect(b?.duplicateOf).toEqual(['X']);
    expect(b?.meta).toEqual({});
  });
});

describe('readTickets: encodings', () => {
  it('the GB18030 fixture is really not UTF-8', async () => {
    const bytes = await readFile(fixture('gb18030.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
  });

  it('detects GB18030 with encoding auto (the default) and with gb18030', async () => {
    for (const encoding of ['auto', 'gb18030'] as const) {
      const items = await read('gb18030.csv', { encoding });
      expect(outline(items)).toEqual(['2:G001', '3:G002', '4:G003']);
      expect(tickets(items)[0]).toMatchObject({
        subject: '无法登录',
        description: '输入密码后提示账户已锁定。',
        lang: 'zh',
      });
    }
  });

  it('reports lines that are not UTF-8 when utf8 is forced, keeping the ASCII row', async () => {
    const items = await read('gb18030.csv', { encoding: 'utf8' });
    expect(outline(items)).toEqual(['2:bad', '3:G002', '4:bad']);
    expect(bad(items)[0]?.reason).toBe(
      'record contains line 2, which is not valid UTF-8 (wrong encoding?)',
    );
  });

  it('reports a JSONL line valid in neither encoding, and reads UTF-8 and GB18030 lines around it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sg-enc-'));
    try {
      const file = path.join(dir, 'mixed.jsonl');
      const gbLine = Buffer.from('{"id":"g","subject":"', 'utf8');
      // 乱码 in GB18030 (C2D2 C2EB), then a UTF-8 line, then bytes valid in neither (0xFF).
      const bytes = Buffer.concat([
        gbLine,
        Buffer.from([0xc2, 0xd2, 0xc2, 0xeb]),
        Buffer.from('"}\n{"id":"u","subject":"正常"}\n{"id":"x","subject":"', 'utf8'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}\n', 'utf8'),
      ]);
      await writeFile(file, bytes);
      const items = await collect(readTickets(file));
      expect(outline(items)).toEqual(['1:g', '2:u', '3:bad']);
      expect(tickets(items)[0]?.subject).toBe('乱码');
      expect(bad(items)[0]?.reason).toBe(
        'line is neither valid UTF-8 nor GB18030 (wrong encoding?)',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('readTickets: empty input, formats and options', () => {
  it('yields nothing for an empty file or blank text', async () => {
    expect(await read('empty.jsonl')).toEqual([]);
    expect(await collect(readTicketsFromString(''))).toEqual([]);
    expect(await collect(readTicketsFromString('\n  \n\n'))).toEqual([]);
    expect(await collect(readTicketsFromString('id,subject\n', { format: 'csv' }))).toEqual([]);
    // Rows whose cells are all blank count as blank lines.
    const csv = 'id,subject\n , \nA,s\n,\n';
    expect(outline(await collect(readTicketsFromString(csv, { format: 'csv' })))).toEqual(['3:A']);
  });

  it('reads a string exactly like the file it came from', async () => {
    for (const name of ['seed-schema.jsonl', 'bad-rows.jsonl', 'bom-multiline.csv']) {
      const text = await readFile(fixture(name), 'utf8');
      expect(await collect(readTicketsFromString(text))).toEqual(await read(name));
    }
  });

  it('picks the format by extension, else by content', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sg-fmt-'));
    try {
      await writeFile(path.join(dir, 'export.txt'), '{"id":"j","subject":"json"}\n');
      await writeFile(path.join(dir, 'other.dat'), 'id,subject\nc,csv\n');
      expect(outline(await collect(readTickets(path.join(dir, 'export.txt'))))).toEqual(['1:j']);
      expect(outline(await collect(readTickets(path.join(dir, 'other.dat'))))).toEqual(['2:c']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('throws BadInputError for a missing file and invalid options', async () => {
    await expect(collect(readTickets(fixture('nope.jsonl')))).rejects.toBeInstanceOf(BadInputError);
    await expect(collect(readTickets(FIXTURES))).rejects.toThrow(/is not a file/);
    await expect(collect(readTicketsFromString('', { maxLineBytes: 0 }))).rejects.toBeInstanceOf(
      BadInputError,
    );
    await expect(collect(readTicketsFromString('', { format: 'xml' as 'csv' }))).rejects.toThrow(
      /unknown format "xml"/,
    );
  });
});

describe('readTickets: lenient fields', () => {
  const row =
    '{"id":"L1","subject":"s","duplicate_of":"L0","cause":["x"],"product":{"a":1},"customer_id":7}\n';

  it('sets malformed fields the caller does not use to null or [] with a warning', async () => {
    expect((await collect(readTicketsFromString(row))).map((i) => i.kind)).toEqual(['bad']);
    const [item] = await collect(
      readTicketsFromString(row, { lenient: ['duplicate_of', 'cause', 'product'] }),
    );
    expect(item?.kind).toBe('ticket');
    const t = item?.kind === 'ticket' ? item.ticket : null;
    expect(t).toMatchObject({ duplicateOf: [], cause: null, product: null, customerId: '7' });
    expect(t?.meta.warnings).toEqual([
      'product must be a string, got object; set to null',
      'cause must be a string, got array; set to null',
      'duplicate_of must be a list, got string; set to an empty list',
    ]);
  });

  it('refuses to read the id or the text a ticket is learnt from leniently', async () => {
    for (const field of ['id', 'subject', 'description', 'turns'] as const) {
      await expect(collect(readTicketsFromString(row, { lenient: [field] }))).rejects.toThrow(
        `field ${field} cannot be read leniently`,
      );
    }
  });
});

describe('field maps', () => {
  it('parses canonical=source pairs, with camelCase aliases and spaces', () => {
    expect([...parseFieldMap('subject=title, description = body,resolution=fix_notes')]).toEqual([
      ['subject', 'title'],
      ['description', 'body'],
      ['resolution', 'fix_notes'],
    ]);
    expect(parseFieldMap('createdAt=opened').get('created_at')).toBe('opened');
    expect(parseFieldMap('  ').size).toBe(0);
  });

  it('rejects unknown fields (naming them), duplicates and malformed entries', () => {
    expect(() => parseFieldMap('subject=title,summary=body')).toThrow(BadInputError);
    expect(() => parseFieldMap('subject=title,summary=body')).toThrow(/unknown field "summary"/);
    expect(() => parseFieldMap('subject=title,subject=head')).toThrow(/"subject" is mapped twice/);
    expect(() => parseFieldMap('subject=title,description=title')).toThrow(/source "title"/);
    expect(() => parseFieldMap('subject')).toThrow(/canonical=source/);
    expect(() => parseFieldMap('subject=')).toThrow(/empty side/);
    expect(() => parseFieldMap('subject=a,,id=b')).toThrow(/empty entry/);
  });

  it('reads CSV columns through the map (case-insensitively)', async () => {
    const fieldMap = parseFieldMap(
      'id=ticket_no,subject=TITLE,description=body,resolution=fix_notes,created_at=opened',
    );
    const items = await read('field-map.csv', { fieldMap });
    expect(outline(items)).toEqual(['2:F001', '3:F002']);
    const [vpn, printer] = tickets(items);
    expect(vpn).toMatchObject({
      subject: 'VPN drops every hour',
      description: 'The VPN disconnects on the hour.',
      resolution: 'Disabled the idle timeout on the gateway.',
      createdAt: '2026-07-30T04:00:00Z',
      meta: {},
    });
    expect(printer?.createdAt).toBe('2026-07-31T09:30:00Z');
  });

  it('reports the header when a mapped column is missing, and every row as unreadable', async () => {
    const items = await read('field-map.csv', {
      fieldMap: parseFieldMap('id=ticket_no,subject=headline'),
    });
    expect(tickets(items)).toEqual([]);
    const problem = 'header has no "headline" column (mapped to subject by the field map)';
    expect(bad(items)[0]).toEqual({
      line: 1,
      reason: problem,
      raw: 'ticket_no,title,body,fix_notes,opened',
    });
    expect(
      bad(items)
        .slice(1)
        .map((b) => [b.line, b.reason]),
    ).toEqual([
      [2, `cannot be read: the header (line 1) is unusable: ${problem}`],
      [3, `cannot be read: the header (line 1) is unusable: ${problem}`],
    ]);
  });

  it('reads JSONL keys and dotted paths through the map', async () => {
    const line = JSON.stringify({
      key: 'K1',
      title: 'Mapped title',
      info: { closed: '2026-09-01T10:00:00+02:00' },
      subject: 'kept in meta',
    });
    const fieldMap = parseFieldMap('id=key,subject=title,resolved_at=info.closed');
    const [ticket] = tickets(await collect(readTicketsFromString(line, { fieldMap })));
    expect(ticket).toMatchObject({
      id: 'K1',
      subject: 'Mapped title',
      resolvedAt: '2026-09-01T08:00:00Z',
      meta: { info: { closed: '2026-09-01T10:00:00+02:00' }, subject: 'kept in meta' },
    });
  });
});

describe('normalizeDate', () => {
  it('normalizes parseable dates to ISO-8601 UTC and keeps ISO UTC strings as given', () => {
    const cases: [unknown, string | null][] = [
      ['2026-08-01T14:40:00Z', '2026-08-01T14:40:00Z'],
      ['2026-08-01T14:40:00.250Z', '2026-08-01T14:40:00.250Z'],
      ['2026-08-01', '2026-08-01T00:00:00Z'],
      ['2026-08-01T22:40:00+08:00', '2026-08-01T14:40:00Z'],
      ['2026/8/1 6:05', '2026-08-01T06:05:00Z'],
      ['2026-08-01 14:40:00 UTC', '2026-08-01T14:40:00Z'],
      ['2026年8月1日 14:40', '2026-08-01T14:40:00Z'],
      ['Sat, 01 Aug 2026 14:40:00 GMT', '2026-08-01T14:40:00Z'],
      [1785595200, '2026-08-01T14:40:00Z'],
      ['1785595200000', '2026-08-01T14:40:00Z'],
      [null, null],
      ['  ', null],
    ];
    for (const [input, expected] of cases) {
      expect(normalizeDate(input), String(input)).toEqual({ ok: true, value: expected });
    }
  });

  it('refuses impossible and ambiguous dates', () => {
    for (const input of [
      '2026-02-30',
      '2026-13-01',
      '2026-08-01T25:00',
      '08/01/2026',
      'soon',
      {},
    ]) {
      expect(normalizeDate(input).ok, JSON.stringify(input)).toBe(false);
    }
  });
});

describe('reconciliation: tickets + bad = physical records', () => {
  it('accounts for every non-blank JSONL line', async () => {
    for (const name of [
      'seed-schema.jsonl',
      'shared-schema.jsonl',
      'bad-rows.jsonl',
      'truncated.jsonl',
    ]) {
      const items = await read(name);
      expect(items.length, name).toBe(await nonBlankLines(name));
      expect(tickets(items).length + bad(items).length).toBe(items.length);
    }
  });

  it('accounts for every CSV record (header excluded)', async () => {
    const expected: [string, number, ReadOptions?][] = [
      ['bom-multiline.csv', 3],
      ['unterminated-quote.csv', 4],
      ['gb18030.csv', 3],
      ['field-map.csv', 2, { fieldMap: parseFieldMap('id=ticket_no,subject=title') }],
    ];
    for (const [name, records, options] of expected) {
      const items = await read(name, options);
      expect(items.length, name).toBe(records);
      expect(tickets(items).length + bad(items).length).toBe(records);
    }
  });
});

describe('readTickets: a line over maxLineBytes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sg-big-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes `before`, one line of `size` bytes, then `after`, without building it in memory. */
  async function writeWithBigLine(
    file: string,
    before: string,
    size: number,
    after: string,
  ): Promise<void> {
    const out = createWriteStream(file);
    out.write(before);
    const block = Buffer.alloc(1 << 20, 'x');
    let left = size;
    const prefix = '{"id":"big","subject":"';
    out.write(prefix);
    left -= prefix.length;
    while (left > 2) {
      const n = Math.min(block.length, left - 2);
      if (!out.write(block.subarray(0, n))) await once(out, 'drain');
      left -= n;
    }
    out.write('"}\n');
    out.end(after);
    await once(out, 'finish');
  }

  it('skips a 20 MB JSONL line as a bad item and reads the lines around it', async () => {
    const file = path.join(dir, 'big.jsonl');
    const size = 20 * 1024 * 1024;
    await writeWithBigLine(
      file,
      '{"id":"before","subject":"small"}\n',
      size,
      '{"id":"after","subject":"small"}\n',
    );
    const items = await collect(readTickets(file, { maxLineBytes: 1_000_000 }));
    expect(outline(items)).toEqual(['1:before', '2:bad', '3:after']);
    const [big] = bad(items);
    expect(big?.reason).toBe(
      `line is ${size} bytes, over the limit of 1000000 bytes (maxLineBytes); skipped`,
    );
    expect(big?.raw).toHaveLength(500);
    expect(big?.raw.startsWith('{"id":"big","subject":"xxx')).toBe(true);
  });

  it('skips an over-long CSV line that is not inside a quoted field', async () => {
    const long = `L2,${'y'.repeat(5000)}`;
    const csv = `id,subject\nL1,short\n${long}\nL3,short\n`;
    const items = await collect(readTicketsFromString(csv, { format: 'csv', maxLineBytes: 1000 }));
    expect(outline(items)).toEqual(['2:L1', '3:bad', '4:L3']);
    expect(bad(items)[0]?.reason).toMatch(/^line is 5003 bytes, over the limit of 1000 bytes/);
  });
});
