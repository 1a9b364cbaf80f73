import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../../errors.js';
import { readCsvRecords } from './csv.js';
import type { CanonicalField, FieldMap } from './field-map.js';
import type { RecordReaderOptions } from './jsonl.js';
import { readJsonlRecords } from './jsonl.js';
import type { SourceEncoding } from './lines.js';
import { splitLines } from './lines.js';
import type { ReadItem } from './ticket.js';
import { LENIENT_FIELDS } from './to-ticket.js';

/** Source formats; `auto` picks by file extension, then by content. */
export type TicketFormat = 'jsonl' | 'csv' | 'auto';

/** Options of {@link readTickets} and {@link readTicketsFromString}. */
export interface ReadOptions {
  /** @default 'auto': `.jsonl`/`.ndjson`/`.json` → JSONL, `.csv` → CSV, else by content. */
  format?: TicketFormat;
  /** Source names for canonical fields (see `parseFieldMap`). */
  fieldMap?: FieldMap;
  /**
   * @default 'auto': each line is decoded as UTF-8, or when it is not valid UTF-8 as Latin-1
   * (lone accented letters) or GB18030. A file that starts with a UTF-16 byte order mark is read
   * as UTF-16 whatever this says. Ignored by {@link readTicketsFromString}, whose input is
   * already text.
   */
  encoding?: SourceEncoding;
  /**
   * Longest line (JSONL) or CSV record, in bytes, that is read; longer ones become bad items and
   * are skipped without being held in memory. @default 10_000_000
   */
  maxLineBytes?: number;
  /**
   * Fields the caller does not use: a malformed value there (a `duplicate_of` that is not a
   * list, a `cause` that is an object…) is set to null (an empty list) with a warning in
   * `meta.warnings` instead of making the whole record bad. `id` and the text the caller learns
   * from (subject, description, turns) cannot be lenient. @default none
   */
  lenient?: readonly CanonicalField[];
}

/** Default {@link ReadOptions.maxLineBytes}: 10 MB. */
export const DEFAULT_MAX_LINE_BYTES = 10_000_000;

const CHUNK_BYTES = 64 * 1024;
const SNIFF_BYTES = 4096;

interface Resolved extends RecordReaderOptions {
  format: TicketFormat;
}

function resolveOptions(options: ReadOptions): Resolved {
  const format = options.format ?? 'auto';
  if (!['jsonl', 'csv', 'auto'].includes(format)) {
    throw new BadInputError(`unknown format "${String(format)}"; use jsonl, csv or auto`);
  }
  const encoding = options.encoding ?? 'auto';
  if (!['utf8', 'gb18030', 'latin1', 'auto'].includes(encoding)) {
    throw new BadInputError(
      `unknown encoding "${String(encoding)}"; use utf8, gb18030, latin1 or auto`,
    );
  }
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) {
    throw new BadInputError(`maxLineBytes must be a positive integer, got ${maxLineBytes}`);
  }
  const lenient = new Set(options.lenient ?? []);
  for (const f of lenient) {
    if (!LENIENT_FIELDS.has(f))
      throw new BadInputError(`field ${String(f)} cannot be read leniently`);
  }
  return { format, encoding, maxLineBytes, fieldMap: options.fieldMap, lenient };
}

/** JSONL when the first non-blank character is `{`, else CSV. */
function sniffFormat(sample: Buffer | string): 'jsonl' | 'csv' {
  const text = typeof sample === 'string' ? sample : sample.toString('latin1');
  const first = /[^\s\uFEFF\u00EF\u00BB\u00BF]/.exec(text.slice(0, SNIFF_BYTES))?.[0];
  return first === '{' ? 'jsonl' : 'csv';
}

function formatFromExtension(file: string): 'jsonl' | 'csv' | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.csv') return 'csv';
  return undefined;
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function readRecords(
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  format: 'jsonl' | 'csv',
  options: RecordReaderOptions,
): AsyncGenerator<ReadItem> {
  const lines = splitLines(chunks, options.maxLineBytes);
  return format === 'jsonl' ? readJsonlRecords(lines, options) : readCsvRecords(lines, options);
}

/**
 * Streams the tickets of a JSONL or CSV file (seed schema, shared evaluation schema, or any
 * export through a field map), one item per non-empty record, in file order.
 *
 * Why a stream of items instead of an array or exceptions: imports are large and messy. Memory
 * stays bounded (the file is read in 64 KB chunks; a line or record over `maxLineBytes` is
 * skipped as it streams past), and a bad record becomes a `bad` item with its line and reason
 * instead of aborting the import, so callers can report and reconcile (`tickets + bad` = records).
 * A UTF-8 BOM is stripped, a UTF-16 one (LE or BE) switches to UTF-16; an empty file yields nothing.
 *
 * Throws `BadInputError` (on the first `next()`) for invalid options or a path that cannot be
 * read as a file. Read errors in the middle of the file (EIO) propagate unchanged.
 */
export async function* readTickets(
  file: string,
  options: ReadOptions = {},
): AsyncGenerator<ReadItem> {
  const resolved = resolveOptions(options);
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new BadInputError(`${file} is not a file`);
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new BadInputError(`cannot read ${file}: ${code}`, { file }, { cause: error });
  }
  const head = await readHead(file);
  const utf16 = utf16Encoding(head);
  const sample = utf16 ? Buffer.from(new TextDecoder(utf16).decode(head), 'utf8') : head;
  const format =
    resolved.format === 'auto'
      ? (formatFromExtension(file) ?? sniffFormat(sample))
      : resolved.format;
  const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  try {
    const bytes = stream as AsyncIterable<Buffer>;
    yield* utf16
      ? readRecords(transcode(bytes, utf16), format, { ...resolved, encoding: 'utf8' })
      : readRecords(bytes, format, resolved);
  } finally {
    stream.destroy();
  }
}

/** The UTF-16 flavour a byte order mark announces, if the file starts with one. */
function utf16Encoding(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-16 bytes → UTF-8 chunks, so lines can be split on the byte 0x0A (which UTF-16 text holds
 * inside other characters, 上 is `0A 4E`). The BOM is dropped; an unpaired surrogate becomes
 * U+FFFD. Memory stays one chunk.
 */
async function* transcode(
  chunks: AsyncIterable<Buffer>,
  encoding: 'utf-16le' | 'utf-16be',
): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) yield Buffer.from(decoder.decode(chunk, { stream: true }));
  yield Buffer.from(decoder.decode());
}

/**
 * Same as {@link readTickets} for text already in memory (the GraphQL ingest mutation). With
 * `format: 'auto'` the content decides: JSONL when it starts with `{`, else CSV.
 */
export async function* readTicketsFromString(
  text: string,
  options: ReadOptions = {},
): AsyncGenerator<ReadItem> {
  const resolved = resolveOptions(options);
  const format = resolved.format === 'auto' ? sniffFormat(text) : resolved.format;
  yield* readRecords(textChunks(text), format, { ...resolved, encoding: 'utf8' });
}

/** Encodes the text piecewise, so a large string is not copied into one big buffer at once. */
function* textChunks(text: string): Generator<Buffer> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + CHUNK_BYTES);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end += 1; // keep pairs whole
    yield Buffer.from(text.slice(start, end), 'utf8');
    start = end;
  }
}
