/** Result of {@link normalizeDate}: the ISO value, or `null` with a reason when unusable. */
export type DateResult = { ok: true; value: string | null } | { ok: false; reason: string };

/** Already canonical: kept verbatim so round trips do not churn (`…:00Z` vs `…:00.000Z`). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** `2026-08-01`, `2026/8/1 14:40`, `2026-08-01T14:40:00.123+08:00`, `2026-08-01 14:40:00 UTC`. */
const ISO_LIKE =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s{1,3})(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s{0,3}(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/** `2026年8月1日`, `2026年8月1日 14:40`, `2026年8月1号 14时40分`. */
const CHINESE =
  /^(\d{4})年(\d{1,2})月(\d{1,2})[日号](?:\s{0,3}(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2})秒?)?分?)?$/;

/** RFC 2822-ish with an explicit zone (`Sat, 01 Aug 2026 14:40:00 GMT`): left to `Date.parse`. */
const ZONED_TEXT =
  /^[A-Za-z]{3},?\s{1,3}\d{1,2}\s{1,3}[A-Za-z]{3}\s{1,3}\d{4}\s{1,3}\d{2}:\d{2}(?::\d{2})?\s{1,3}(?:GMT|UTC|Z|[+-]\d{4})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toIso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function offsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || /^(?:Z|UTC|GMT)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m === null) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function fromParts(
  parts: (string | undefined)[],
  zone: string | undefined,
  fraction: string | undefined,
): number | null {
  const [y, mo, d, h, mi, s] = parts.map((p) => (p === undefined ? 0 : Number(p)));
  if (y === undefined || mo === undefined || d === undefined) return null;
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  if ((h ?? 0) > 23 || (mi ?? 0) > 59 || (s ?? 0) > 59) return null;
  const offset = offsetMinutes(zone);
  if (offset === null) return null;
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  return Date.UTC(y, mo - 1, d, h ?? 0, mi ?? 0, s ?? 0, ms) - offset * 60_000;
}

/**
 * Normalizes a source date to ISO-8601 UTC (`YYYY-MM-DDTHH:MM:SSZ`, milliseconds only when
 * non-zero), so tickets from different exports sort and compare as strings.
 *
 * Accepted: ISO-8601 and its common variants (`/` or `.` separators, a space instead of `T`,
 * optional seconds and fraction, `Z`/`UTC`/`GMT`/`±HH:MM` zones), Chinese `2026年8月1日 14:40`,
 * RFC 2822 strings with an explicit zone, and Unix epochs (numbers, or 10/13-digit strings:
 * seconds below 1e11, otherwise milliseconds). A strict ISO UTC string is returned unchanged.
 * `null`, `undefined` and blank strings are "no date" (`{ ok: true, value: null }`).
 *
 * Limits: a date-time without a zone is taken as UTC (sources rarely say which local time they
 * mean; the seed data is UTC). Ambiguous forms such as `08/01/2026` are refused rather than
 * guessed, as are years before 1000.
 */
export function normalizeDate(value: unknown): DateResult {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: `not a finite number (${value})` };
    const ms = Math.abs(value) < 1e11 ? value * 1000 : value;
    const date = new Date(ms);
    if (Number.isNaN(date.getTime())) return { ok: false, reason: `epoch ${value} out of range` };
    return { ok: true, value: toIso(ms) };
  }
  if (typeof value !== 'string') {
    return { ok: false, reason: `expected a date string, got ${describeType(value)}` };
  }
  const text = value.trim();
  if (text === '') return { ok: true, value: null };
  if (ISO_UTC.test(text) && !Number.isNaN(Date.parse(text))) {
    const check = fromParts(text.slice(0, 19).split(/[-T:]/), 'Z', undefined);
    if (check !== null) return { ok: true, value: text };
  }
  if (/^\d{10}$|^\d{13}$/.test(text)) return normalizeDate(Number(text));
  let m = ISO_LIKE.exec(text);
  if (m !== null) {
    const ms = fromParts([m[1], m[2], m[3], m[4], m[5], m[6]], m[8], m[7]);
    if (ms !== null) return { ok: true, value: toIso(ms) };
    return { ok: false, reason: `invalid date or time "${text}"` };
  }
  m = CHINESE.exec(text);
  if (m !== null) {
    const ms = fromParts([m[1], m[2], m[3], m[4], m[5], m[6]], undefined, undefined);
    if (ms !== null) return { ok: true, value: toIso(ms) };
    return { ok: false, reason: `invalid date or time "${text}"` };
  }
  if (ZONED_TEXT.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return { ok: true, value: toIso(ms) };
  }
  return { ok: false, reason: `unrecognised date "${text.slice(0, 60)}"` };
}

/** `array`, `object`, `boolean`… for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
