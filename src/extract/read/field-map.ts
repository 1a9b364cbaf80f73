import { BadInputError } from '../../errors.js';
import { hasControlChars, isWellFormed, preview } from '../../text/hygiene.js';

/**
 * Canonical source field names, in the snake_case of the seed schema (the names a field map
 * targets). `turns` is the dialogue (an array of `{ sender, text }`).
 */
export const CANONICAL_FIELDS = [
  'id',
  'created_at',
  'resolved_at',
  'customer_id',
  'product',
  'subject',
  'description',
  'cause',
  'resolution',
  'status',
  'lang',
  'duplicate_of',
  'turns',
] as const;

/** One of {@link CANONICAL_FIELDS}. */
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/**
 * Where each canonical field comes from: canonical field → source key (JSONL) or column (CSV).
 * Fields not in the map are read from their default names (see {@link parseFieldMap}).
 */
export type FieldMap = ReadonlyMap<CanonicalField, string>;

/** camelCase spellings (the `Ticket` property names) accepted as aliases of the canonical names. */
const ALIASES: Readonly<Record<string, CanonicalField>> = {
  createdAt: 'created_at',
  resolvedAt: 'resolved_at',
  customerId: 'customer_id',
  duplicateOf: 'duplicate_of',
};

const CANONICAL_SET: ReadonlySet<string> = new Set(CANONICAL_FIELDS);

function toCanonical(name: string): CanonicalField | undefined {
  if (CANONICAL_SET.has(name)) return name as CanonicalField;
  return ALIASES[name];
}

/**
 * Parses a field map written as `canonical=source` pairs separated by commas, e.g.
 * `subject=title,description=body,resolution=fix_notes`, so exports with their own column names
 * can be read without converting them first.
 *
 * Canonical names are those of {@link CANONICAL_FIELDS}; the camelCase `Ticket` names
 * (`createdAt`, `customerId`, …) are accepted too. Whitespace around names is ignored. A JSONL
 * source may be a dotted path into nested objects (`resolved_at=meta.closed`); CSV columns are
 * matched by header name, case-insensitively.
 *
 * Throws `BadInputError` for an empty pair, a pair without `=`, an empty side, an unknown
 * canonical field (naming it), a canonical field mapped twice, or one source mapped to two
 * fields (almost always a typo; copy the column in the source instead), or a source with a
 * control character or invalid Unicode (no UTF-8 archive can have it). An empty or blank spec
 * gives an empty map.
 */
export function parseFieldMap(spec: string): FieldMap {
  const map = new Map<CanonicalField, string>();
  const sources = new Map<string, CanonicalField>();
  if (spec.trim() === '') return map;
  for (const rawPair of spec.split(',')) {
    const pair = rawPair.trim();
    if (pair === '') {
      throw new BadInputError(
        `field map "${preview(spec)}" has an empty entry (two commas in a row?)`,
      );
    }
    const eq = pair.indexOf('=');
    if (eq < 0) {
      throw new BadInputError(`field map entry "${preview(pair)}" must look like canonical=source`);
    }
    const target = pair.slice(0, eq).trim();
    const source = pair.slice(eq + 1).trim();
    if (target === '' || source === '') {
      throw new BadInputError(`field map entry "${preview(pair)}" has an empty side`);
    }
    if (!isWellFormed(source) || hasControlChars(source)) {
      // A column or key with a lone surrogate or a control character cannot be read back from
      // a UTF-8 archive (the decoder replaces it), so the map could never match.
      throw new BadInputError(
        `field map entry "${preview(pair)}" names a source with a control character or invalid Unicode`,
      );
    }
    const canonical = toCanonical(target);
    if (canonical === undefined) {
      throw new BadInputError(
        `unknown field "${preview(target)}" in field map; known fields: ${CANONICAL_FIELDS.join(', ')}`,
        { field: preview(target) },
      );
    }
    if (map.has(canonical)) {
      throw new BadInputError(`field "${canonical}" is mapped twice in the field map`, {
        field: canonical,
      });
    }
    const previous = sources.get(source.toLowerCase());
    if (previous !== undefined) {
      throw new BadInputError(
        `source "${preview(source)}" is mapped to both "${previous}" and "${canonical}" in the field map`,
        { field: canonical, source: preview(source) },
      );
    }
    map.set(canonical, source);
    sources.set(source.toLowerCase(), canonical);
  }
  return map;
}
