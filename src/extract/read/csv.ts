import { parse } from 'csv-parse';
import type { CsvError, InfoRecord, Parser } from 'csv-parse';
import { preview } from '../../text/hygiene.js';
import type { RecordReaderOptions } from './jsonl.js';
import { oversizeReason } from './jsonl.js';
import type { PhysicalLine } from './lines.js';
import { decodeLine, excerpt, lossy, stripBomBytes } from './lines.js';
import type { ReadItem } from './ticket.js';
import { recordToTicket } from './to-ticket.js';

/** A physical line as handed to the CSV parser. */
interface FedLine {
  line: number;
  text: string;
}

/**
 * A line ready to feed, with a problem found before parsing: over the limit (then fed as an empty
 * line, so the parser's state is kept) or undecodable (fed lossily, so the row keeps its shape).
 */
interface PreparedLine extends FedLine {
  issue?: string;
  raw: string;
}

/** A record the parser completed, with absolute physical line numbers. */
interface ParsedRecord {
  fields: string[];
  startLine: number;
  endLine: number;
  raw: string;
}

/** Lines kept for replay after a parser error are capped at this many entries. */
const MAX_FED_LINES = 100_000;
/** Characters handed to the parser per write. */
const BATCH_CHARS = 64 * 1024;
/** Total bytes the reader may re-parse after errors, as a multiple of the record limit. */
const REPLAY_BUDGET_FACTOR = 10;

/** The raw record text without the blank lines before it and the line break that ends it. */
function trimRaw(raw: string): string {
  let start = 0;
  while (start < raw.length && (raw[start] === '\n' || raw[start] === '\r')) start++;
  const end = raw.endsWith('\n') ? raw.length - 1 : raw.length;
  return raw.slice(start, Math.max(start, end));
}

/** Physical line breaks in fed text: lines are fed joined by `\n` (a `\r` is content). */
function countBreaks(text: string): number {
  return text.split('\n').length - 1;
}

/**
 * csv-parse counts every CR and every LF as a line; the lines fed here end only at LF, so the
 * parser's count runs ahead by the CRs it has read (a CR inside a quoted cell, or one left
 * before the line break of `a\r\r\n`).
 */
function countCr(text: string): number {
  return text.split('\r').length - 1;
}

function explainCsvError(error: Error, maxRecordBytes: number): string {
  const code = (error as Partial<CsvError>).code;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'unterminated quoted field: its closing quote is missing, so the record runs to the end of the file';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'invalid quoting: a closing quote is followed by other characters instead of a comma or line end';
    case 'INVALID_OPENING_QUOTE':
      return 'invalid quoting: a quote inside an unquoted field (quote the whole field and double the inner quotes)';
    case 'CSV_MAX_RECORD_SIZE':
      return `record is longer than ${maxRecordBytes} bytes (an unterminated quote?)`;
    default:
      return `CSV error: ${error.message.slice(0, 200)}`;
  }
}

/**
 * Reads CSV with a header row through csv-parse (RFC 4180: quoted fields, embedded commas and
 * newlines, `""` escapes). Lines are split and decoded here and fed to the parser in batches; the
 * parser reports where each record ends and its raw text, from which the line it starts on is
 * derived. Memory stays bounded by the record limit plus one batch.
 *
 * The first non-blank record is the header (names trimmed, matched case-insensitively). A header
 * without the id column (or the field map's id source), naming a mapped column that is missing,
 * or with duplicate names yields one bad item for its line, and every later record a bad item
 * saying so (a header that cannot be parsed at all stops reading). Each later record
 * yields one item: a row with a different number of fields than the header, a record containing
 * an over-long or undecodable line, or one {@link recordToTicket} rejects is bad. Rows whose cells
 * are all blank are skipped like blank lines.
 *
 * Recovery: csv-parse cannot continue after a quoting error, so the reader reports the record
 * where it happened (at the line it starts) and restarts a fresh parser on the next physical line,
 * replaying the lines it holds. A stray or unterminated quote thus costs one row instead of the
 * rest of the file. Re-parsing is bounded (ten times the record limit in total, and only lines
 * still held); past that, a final bad item says the rest of the file could not be read.
 *
 * Limits: only `,` delimiters and `"` quotes; `\r\n` inside quoted fields becomes `\n`; a record
 * is capped at `maxLineBytes` bytes of field content; after a quoting error, rows re-read from
 * inside the broken record may be misaligned and come out as bad column-count rows.
 */
export async function* readCsvRecords(
  lines: AsyncIterable<PhysicalLine>,
  options: RecordReaderOptions,
): AsyncGenerator<ReadItem> {
  const maxRecordBytes = options.maxLineBytes;
  let header: string[] | null = null;
  /** Set when the header row cannot be used: each later record is bad with this reason. */
  let unusableHeader: string | null = null;
  const events: ParsedRecord[] = [];
  /** Lines fed to the current parser since the last record it completed. */
  let fed: FedLine[] = [];
  let fedBytes = 0;
  /** Lines up to here were dropped from `fed` (too many to keep) and cannot be replayed. */
  let droppedThrough = 0;
  let lastLine = 0;
  let replayBudget = REPLAY_BUDGET_FACTOR * maxRecordBytes;
  /** Problems of lines not yet attributed to a record, in line order. */
  let issues: { line: number; reason: string; raw: string }[] = [];

  let offset = 0;
  /** CRs the current parser has read, through the last record it completed. */
  let crSeen = 0;
  let parser = createParser();

  function createParser(): Parser {
    const base = offset;
    crSeen = 0;
    const p = parse({
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: maxRecordBytes,
      bom: false,
      on_record: (record: unknown, context: InfoRecord): null => {
        const fields = (record as { record?: unknown }).record;
        crSeen += countCr(context.raw ?? '');
        const raw = trimRaw(context.raw ?? '');
        const endLine = base + context.lines - crSeen;
        events.push({
          fields: Array.isArray(fields) ? fields.map(String) : [],
          startLine: endLine - countBreaks(raw),
          endLine,
          raw,
        });
        return null;
      },
    });
    p.on('error', () => undefined); // errors arrive through write/end callbacks
    return p;
  }

  const write = (text: string): Promise<Error | null> =>
    new Promise((resolve) => {
      parser.write(text, (error) => resolve(error ?? null));
    });

  const end = (): Promise<Error | null> =>
    new Promise((resolve) => {
      parser.once('error', (error: Error) => resolve(error));
      parser.end(() => resolve(null));
    });

  /** Standalone line problems before `line` (not inside any record) become their own items. */
  function* flushIssuesBefore(line: number): Generator<ReadItem> {
    while (issues.length > 0 && (issues[0]?.line ?? Infinity) < line) {
      const issue = issues.shift();
      if (issue)
        yield { kind: 'bad', line: issue.line, reason: `line ${issue.reason}`, raw: issue.raw };
    }
  }

  /** Turns completed records into items. */
  function* drainEvents(): Generator<ReadItem> {
    while (events.length > 0) {
      const record = events.shift();
      if (record === undefined) break;
      yield* flushIssuesBefore(record.startLine);
      const inside = issues.filter((i) => i.line <= record.endLine);
      issues = issues.filter((i) => i.line > record.endLine);
      fed = fed.filter((f) => f.line > record.endLine);
      fedBytes = fed.reduce((sum, f) => sum + f.text.length + 1, 0);
      if (inside.length === 0 && record.fields.every((f) => f.trim() === '')) continue;
      const raw = excerpt(record.raw);
      const line = record.startLine;
      if (unusableHeader !== null) {
        yield { kind: 'bad', line, reason: unusableHeader, raw };
        continue;
      }
      if (header === null) {
        const issue = inside[0];
        const problem =
          issue === undefined
            ? checkHeader(record.fields, options)
            : `header line ${issue.line} ${issue.reason}`;
        if (problem !== undefined) {
          yield { kind: 'bad', line, reason: problem, raw };
          // Every row is still accounted for, each with the reason it cannot be read.
          unusableHeader = `cannot be read: the header (line ${line}) is unusable: ${problem}`;
          continue;
        }
        header = record.fields.map((name) => name.trim());
        continue;
      }
      if (inside[0] !== undefined) {
        const { line: at, reason } = inside[0];
        yield { kind: 'bad', line, reason: `record contains line ${at}, which ${reason}`, raw };
        continue;
      }
      if (record.fields.length !== header.length) {
        const reason = `row has ${record.fields.length} fields but the header has ${header.length}`;
        yield { kind: 'bad', line, reason, raw };
        continue;
      }
      const result = recordToTicket(
        { kind: 'csv', header, cells: record.fields },
        options.fieldMap,
        options.lenient,
      );
      if (result.ok) yield { kind: 'ticket', line, ticket: result.ticket };
      else yield { kind: 'bad', line, reason: result.reason, raw };
    }
  }

  /**
   * Reports a parser error on the record in progress and restarts after its first line.
   * Returns the lines to feed again, or `null` when reading must stop.
   */
  function* recover(error: Error): Generator<ReadItem, FedLine[] | null> {
    const context = error as Partial<CsvError>;
    const untrimmed = typeof context.raw === 'string' ? context.raw : '';
    const raw = trimRaw(untrimmed);
    const relLine =
      typeof context.lines === 'number' ? context.lines - crSeen - countCr(untrimmed) : undefined;
    const firstFed = fed.find((f) => f.text.trim() !== '')?.line ?? lastLine;
    const startLine = Math.max(
      offset + 1,
      relLine === undefined || raw === '' ? firstFed : offset + relLine - countBreaks(raw),
    );
    yield* flushIssuesBefore(startLine);
    issues = issues.filter((i) => i.line !== startLine);
    const spans = countBreaks(raw);
    const reason =
      explainCsvError(error, maxRecordBytes) +
      (spans > 0 && (error as Partial<CsvError>).code !== 'CSV_QUOTE_NOT_CLOSED'
        ? ` (the record spans lines ${startLine}–${startLine + spans}: is a quote left open?)`
        : '');
    const excerptRaw = excerpt(
      raw === '' ? (fed.find((f) => f.line === startLine)?.text ?? '') : raw,
    );
    if (header === null) {
      yield {
        kind: 'bad',
        line: startLine,
        reason: `cannot read the CSV header: ${reason}`,
        raw: excerptRaw,
      };
      return null;
    }
    yield { kind: 'bad', line: startLine, reason, raw: excerptRaw };
    const replay = fed.filter((f) => f.line > startLine);
    // Only lines the parser had already consumed are parsed twice; the rest of the batch is new.
    const errorLine = relLine === undefined ? lastLine : offset + relLine;
    replayBudget -= replay.reduce(
      (sum, f) => (f.line <= errorLine ? sum + f.text.length + 1 : sum),
      0,
    );
    if (startLine < droppedThrough || replayBudget < 0) {
      if (startLine < lastLine) {
        yield {
          kind: 'bad',
          line: startLine + 1,
          reason: `the rest of the file (lines ${startLine + 1}–${lastLine} and after) could not be read: too much data to re-read after CSV errors`,
          raw: '',
        };
      }
      return null;
    }
    offset = startLine;
    fed = [];
    fedBytes = 0;
    parser = createParser();
    return replay;
  }

  /** Feeds lines (and any replays they cause); returns false when reading must stop. */
  async function* pump(initial: FedLine[]): AsyncGenerator<ReadItem, boolean> {
    let queue = initial;
    let index = 0;
    while (index < queue.length) {
      // One write per batch of lines: records and errors carry their own line numbers.
      let chunk = '';
      while (index < queue.length && chunk.length < BATCH_CHARS) {
        const next = queue[index++];
        if (next === undefined) break;
        fed.push(next);
        fedBytes += next.text.length + 1;
        if (fed.length > MAX_FED_LINES || fedBytes > 2 * (maxRecordBytes + BATCH_CHARS)) {
          droppedThrough = next.line;
          fed = [];
          fedBytes = 0;
        }
        chunk += `${next.text}\n`;
      }
      const error = await write(chunk);
      yield* drainEvents();
      if (error !== null) {
        const replay = yield* recover(error);
        if (replay === null) return false;
        queue = [...replay, ...queue.slice(index)];
        index = 0;
      }
    }
    return true;
  }

  try {
    let batch: FedLine[] = [];
    let batchChars = 0;
    for await (const physical of lines) {
      lastLine = physical.line;
      const next = toFedLine(physical, options);
      if (next.issue !== undefined) {
        issues.push({ line: next.line, reason: next.issue, raw: excerpt(next.raw) });
      }
      batch.push({ line: next.line, text: next.text });
      batchChars += next.text.length + 1;
      if (batchChars >= BATCH_CHARS) {
        if (!(yield* pump(batch))) return;
        batch = [];
        batchChars = 0;
      }
    }
    if (!(yield* pump(batch))) return;
    for (;;) {
      const error = await end();
      yield* drainEvents();
      if (error === null) break;
      const replay = yield* recover(error);
      if (replay === null) return;
      if (!(yield* pump(replay))) return;
    }
    yield* flushIssuesBefore(Infinity);
  } finally {
    parser.destroy();
  }
}

function toFedLine(physical: PhysicalLine, options: RecordReaderOptions): PreparedLine {
  const { line } = physical;
  if (physical.bytes === null) {
    const raw = lossy(physical.head ?? Buffer.alloc(0), options.encoding);
    return { line, text: '', issue: oversizeReason(physical.size, options.maxLineBytes), raw };
  }
  const bytes = line === 1 ? stripBomBytes(physical.bytes) : physical.bytes;
  const decoded = decodeLine(bytes, options.encoding);
  let text = decoded.text;
  if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
  if (decoded.ok) return { line, text, raw: text };
  return { line, text, issue: `is ${decoded.reason}`, raw: text };
}

/** Why a header row is unusable, or `undefined` when it is fine. */
function checkHeader(fields: string[], options: RecordReaderOptions): string | undefined {
  const names = fields.map((name) => name.trim());
  const lower = names.map((name) => name.toLowerCase());
  const seen = new Set<string>();
  for (const name of lower) {
    if (name !== '' && seen.has(name)) return `header has the column "${preview(name)}" twice`;
    seen.add(name);
  }
  const idColumn = options.fieldMap?.get('id') ?? 'id';
  if (!seen.has(idColumn.toLowerCase())) {
    return `header has no "${preview(idColumn)}" column, so rows cannot be identified (columns: ${names.join(', ').slice(0, 200)})`;
  }
  for (const [field, source] of options.fieldMap ?? []) {
    if (!seen.has(source.toLowerCase())) {
      return `header has no "${preview(source)}" column (mapped to ${field} by the field map)`;
    }
  }
  return undefined;
}
