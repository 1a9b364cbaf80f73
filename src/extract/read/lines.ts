/**
 * How the bytes of a source file are turned into text. `latin1` is Windows-1252 (the WHATWG
 * meaning of the label), a superset of ISO-8859-1.
 */
export type SourceEncoding = 'utf8' | 'gb18030' | 'latin1' | 'auto';

/** One physical line of the source, split on `\n` at the byte level. */
export interface PhysicalLine {
  /** 1-based physical line number (blank lines count). */
  line: number;
  /** The line without its `\n` / `\r\n`; `null` when it was longer than the limit and skipped. */
  bytes: Buffer | null;
  /** Length of the line in bytes, without the line break (counted even when skipped). */
  size: number;
  /** For a skipped line: its first {@link HEAD_BYTES} bytes, for the error report. */
  head: Buffer | null;
}

/** Bytes kept from an over-long line: enough for a 500-character excerpt of 3-byte UTF-8 text. */
export const HEAD_BYTES = 2048;

const NL = 0x0a;
const CR = 0x0d;

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (Buffer.isBuffer(chunk)) return chunk;
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Splits a byte stream into physical lines without ever holding more than `maxLineBytes` (plus
 * one chunk) of a single line: a longer line is skipped while it streams past and reported with
 * `bytes: null`, its size and its first bytes. `readline` cannot do this (it buffers a whole line
 * before it can tell it is too long).
 *
 * Splitting on the byte 0x0A is safe for UTF-8 and for GB18030, whose multi-byte sequences never
 * contain it. A trailing `\r` is removed; a lone `\r` (classic Mac) is not a line break. The last
 * line needs no terminating newline; an empty final segment is not a line.
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
  maxLineBytes: number,
): AsyncGenerator<PhysicalLine> {
  let parts: Buffer[] = [];
  let partsLength = 0;
  let skipping = false;
  let skippedSize = 0;
  let head: Buffer | null = null;
  let lastByte = -1;
  let line = 0;

  const take = (segment: Buffer): void => {
    if (segment.length === 0) return;
    lastByte = segment[segment.length - 1] ?? -1;
    if (skipping) {
      skippedSize += segment.length;
      return;
    }
    if (partsLength + segment.length > maxLineBytes) {
      const prefix: Buffer[] = [];
      let kept = 0;
      for (const part of [...parts, segment]) {
        if (kept >= HEAD_BYTES) break;
        prefix.push(part.subarray(0, HEAD_BYTES - kept));
        kept += Math.min(part.length, HEAD_BYTES - kept);
      }
      head = Buffer.concat(prefix, kept);
      skippedSize = partsLength + segment.length;
      parts = [];
      partsLength = 0;
      skipping = true;
      return;
    }
    parts.push(segment);
    partsLength += segment.length;
  };

  const emit = (): PhysicalLine => {
    line += 1;
    const crTrimmed = lastByte === CR ? 1 : 0;
    let out: PhysicalLine;
    if (skipping) {
      out = { line, bytes: null, size: skippedSize - crTrimmed, head };
    } else {
      const joined = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts, partsLength);
      const bytes = joined.subarray(0, joined.length - crTrimmed);
      out = { line, bytes, size: bytes.length, head: null };
    }
    parts = [];
    partsLength = 0;
    skipping = false;
    skippedSize = 0;
    head = null;
    lastByte = -1;
    return out;
  };

  for await (const chunk of chunks) {
    const buf = toBuffer(chunk);
    let start = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(NL, start);
      if (nl < 0) {
        take(buf.subarray(start));
        break;
      }
      take(buf.subarray(start, nl));
      yield emit();
      start = nl + 1;
    }
  }
  if (partsLength > 0 || skipping) yield emit();
}

/** Outcome of {@link decodeLine}; a failure still carries a lossy text for reports. */
export type DecodedLine = { ok: true; text: string } | { ok: false; reason: string; text: string };

const UTF8_FATAL = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const UTF8_LOSSY = new TextDecoder('utf-8', { ignoreBOM: true });
let gbFatal: TextDecoder | undefined;
let gbLossy: TextDecoder | undefined;

function gb18030(fatal: boolean): TextDecoder {
  // Lazy: only files that need it pay for the decoder (Node ships it with full ICU).
  if (fatal) return (gbFatal ??= new TextDecoder('gb18030', { fatal: true, ignoreBOM: true }));
  return (gbLossy ??= new TextDecoder('gb18030', { ignoreBOM: true }));
}

let windows1252: TextDecoder | undefined;

function latin1(): TextDecoder {
  return (windows1252 ??= new TextDecoder('windows-1252'));
}

function tryDecode(decoder: TextDecoder, bytes: Buffer): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The UTF-8 byte order mark, removed from the start of a file. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Removes a UTF-8 BOM from the first line's bytes. */
export function stripBomBytes(bytes: Buffer): Buffer {
  return bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
}

/**
 * True when every byte ≥ 0x80 stands alone between ASCII bytes, as the accented letters of Latin-1
 * text do (`Café`, `naïve`): GB18030 characters are byte pairs (or quads) whose bytes are mostly
 * both ≥ 0x80, so a Chinese line has at least two such bytes side by side.
 */
function looksLatin1(bytes: Buffer): boolean {
  let high = false;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] ?? 0) < 0x80) continue;
    if ((bytes[i + 1] ?? 0) >= 0x80) return false;
    high = true;
  }
  return high;
}

/**
 * Decodes one line. With `auto`, each line is its own sample: it is tried as UTF-8 first (GB18030
 * text almost never happens to be valid UTF-8, while UTF-8 Chinese often decodes as *wrong*
 * GB18030), then as Latin-1 when its non-ASCII bytes all stand alone (see {@link looksLatin1}),
 * then as GB18030, so files mixing them still read. A line valid in none fails.
 *
 * Limits: Latin-1 text with two non-ASCII letters side by side (`Müßig`) and files in other
 * legacy encodings (Big5, Shift-JIS) usually decode as GB18030 mojibake rather than failing,
 * because GB18030 accepts most byte sequences; name the encoding for such files.
 */
export function decodeLine(bytes: Buffer, encoding: SourceEncoding): DecodedLine {
  if (encoding === 'latin1') return { ok: true, text: latin1().decode(bytes) };
  if (encoding !== 'gb18030') {
    const text = tryDecode(UTF8_FATAL, bytes);
    if (text !== undefined) return { ok: true, text };
    if (encoding === 'utf8') {
      return { ok: false, reason: 'not valid UTF-8 (wrong encoding?)', text: lossy(bytes, 'utf8') };
    }
    if (looksLatin1(bytes)) return { ok: true, text: latin1().decode(bytes) };
  }
  const text = tryDecode(gb18030(true), bytes);
  if (text !== undefined) return { ok: true, text };
  return {
    ok: false,
    reason:
      encoding === 'gb18030'
        ? 'not valid GB18030 (wrong encoding?)'
        : 'neither valid UTF-8 nor GB18030 (wrong encoding?)',
    text: lossy(bytes, encoding),
  };
}

/** Best-effort text for reports: invalid sequences become U+FFFD. */
export function lossy(bytes: Buffer, encoding: SourceEncoding): string {
  if (encoding === 'latin1') return latin1().decode(bytes);
  return encoding === 'gb18030' ? gb18030(false).decode(bytes) : UTF8_LOSSY.decode(bytes);
}

/** The first `max` characters of `text`, without splitting a surrogate pair. */
export function excerpt(text: string, max = 500): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
