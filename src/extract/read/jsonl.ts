import type { CanonicalField, FieldMap } from './field-map.js';
import { locateJsonError } from './json-error.js';
import type { PhysicalLine, SourceEncoding } from './lines.js';
import { decodeLine, excerpt, lossy, stripBomBytes } from './lines.js';
import { describeType } from './dates.js';
import type { ReadItem } from './ticket.js';
import { recordToTicket } from './to-ticket.js';

/** Settings shared by the JSONL and CSV record readers. */
export interface RecordReaderOptions {
  encoding: SourceEncoding;
  fieldMap: FieldMap | undefined;
  maxLineBytes: number;
  lenient?: ReadonlySet<CanonicalField>;
}

/** Why a line over the byte limit was skipped, as a predicate (`line …` / `which …`). */
export function oversizeReason(size: number, maxLineBytes: number): string {
  return `is ${size} bytes, over the limit of ${maxLineBytes} bytes (maxLineBytes); skipped`;
}

function describeJsonError(text: string, error: unknown): string {
  const where = locateJsonError(text);
  if (where === null) {
    const message = error instanceof Error ? error.message : String(error);
    return `invalid JSON: ${message.slice(0, 200)}`;
  }
  const before = text.slice(Math.max(0, where.offset - 20), where.offset);
  const context = before.trim() === '' ? '' : `; text before it: ${before}`;
  const hint = where.truncated ? ' (is the line cut off?)' : '';
  return `invalid JSON at column ${where.offset + 1}: ${where.message}${hint}${context}`;
}

/**
 * Reads JSON Lines: one JSON object per physical line; blank lines are skipped. Each non-blank
 * line yields exactly one item: a ticket, or a bad item for an over-long line, an undecodable
 * line, invalid JSON (with the column and a hint when the line is truncated), a value that is not
 * an object, or a record {@link recordToTicket} rejects.
 */
export async function* readJsonlRecords(
  lines: AsyncIterable<PhysicalLine>,
  options: RecordReaderOptions,
): AsyncGenerator<ReadItem> {
  for await (const physical of lines) {
    const { line } = physical;
    if (physical.bytes === null) {
      const raw = excerpt(lossy(physical.head ?? Buffer.alloc(0), options.encoding));
      const reason = `line ${oversizeReason(physical.size, options.maxLineBytes)}`;
      yield { kind: 'bad', line, reason, raw };
      continue;
    }
    const bytes = line === 1 ? stripBomBytes(physical.bytes) : physical.bytes;
    const decoded = decodeLine(bytes, options.encoding);
    let text = decoded.text;
    if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text.trim() === '') continue;
    if (!decoded.ok) {
      yield { kind: 'bad', line, reason: `line is ${decoded.reason}`, raw: excerpt(text) };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { kind: 'bad', line, reason: describeJsonError(text, error), raw: excerpt(text) };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const reason = `expected a JSON object, got ${describeType(value)}`;
      yield { kind: 'bad', line, reason, raw: excerpt(text) };
      continue;
    }
    const result = recordToTicket(
      { kind: 'jsonl', value: value as Record<string, unknown> },
      options.fieldMap,
      options.lenient,
    );
    if (result.ok) yield { kind: 'ticket', line, ticket: result.ticket };
    else yield { kind: 'bad', line, reason: result.reason, raw: excerpt(text) };
  }
}
