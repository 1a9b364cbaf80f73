/**
 * Checks for strings that arrive from outside (GraphQL arguments, ticket files, ontology files)
 * before they become keys in the graph or parts of error messages. Values are never put into
 * query text (they travel as parameters); these checks keep keys stable and messages readable.
 */

/** A UTF-16 surrogate that is not half of a pair (JSON `"\ud800"` parses to one). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
/** C0 and C1 control characters, DEL included. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Bidirectional marks, embeddings, overrides and isolates (the "Trojan Source" characters). */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** What {@link preview} escapes: controls, bidi controls, lone surrogates, line separators. */
const UNPRINTABLE = new RegExp(
  `${CONTROL.source}|${BIDI_CONTROL.source}|[\\u2028\\u2029]|${LONE_SURROGATE.source}`,
  'g',
);

/** Longest id (ticket, case, fault, … ids; GraphQL `ID` arguments). */
export const MAX_ID_LENGTH = 512;

/**
 * False when the string holds a lone surrogate. Such a string has no UTF-8 form: databases and
 * drivers replace the surrogate with U+FFFD, so two different ids could become one.
 */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** The string with every lone surrogate replaced by U+FFFD (what a UTF-8 store keeps anyway). */
export function toWellFormed(s: string): string {
  return isWellFormed(s) ? s : s.replace(LONE_SURROGATES, '\ufffd');
}

export function hasControlChars(s: string): boolean {
  return CONTROL.test(s);
}

export function hasBidiControls(s: string): boolean {
  return BIDI_CONTROL.test(s);
}

/**
 * Why a string cannot be an id (`must not be empty`, `is longer than 512 characters`, …), or
 * null when it can. Ids are opaque, but bounded, free of control characters and well-formed.
 */
export function idProblem(id: string, max = MAX_ID_LENGTH): string | null {
  if (id.length === 0) return 'must not be empty';
  if (id.length > max) return `is longer than ${max} characters`;
  if (hasControlChars(id)) return 'contains control characters';
  if (!isWellFormed(id)) return 'is not valid Unicode (a lone surrogate)';
  return null;
}

/**
 * A short, printable rendering of a value for an error message: at most `max` characters (then
 * `…`), with control and bidi characters and lone surrogates shown as `\uXXXX` escapes, so a
 * message never carries a huge or invisible input back to the caller or a terminal.
 */
export function preview(value: unknown, max = 60): string {
  const s = String(value);
  const cut = s.length > max ? `${s.slice(0, max - 1)}…` : s;
  return cut.replace(UNPRINTABLE, escape);
}

function escape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
