import { idProblem, toWellFormed } from '../../text/hygiene.js';
import { describeType, normalizeDate } from './dates.js';
import type { CanonicalField, FieldMap } from './field-map.js';
import type { Ticket, TicketLang, TicketTurn, TurnSender } from './ticket.js';

/**
 * One parsed source record before validation: a JSON object (JSONL) or a header → cell mapping
 * (CSV, where every value is a string and an empty cell means "no value").
 */
export type SourceRecord =
  | { kind: 'jsonl'; value: Record<string, unknown> }
  | { kind: 'csv'; header: readonly string[]; cells: readonly string[] };

/** Outcome of {@link recordToTicket}. */
export type ConversionResult = { ok: true; ticket: Ticket } | { ok: false; reason: string };

/**
 * Where each field is looked for when the field map does not name a source. The shared data
 * schema (`/work/shared/data/README.md`) differs from the seed schema in `customer_or_thread_id`
 * and in keeping `resolved_at`, `status` and the dialogue under `meta`.
 */
const DEFAULT_SOURCES: Readonly<Record<CanonicalField, readonly string[]>> = {
  id: ['id'],
  created_at: ['created_at'],
  resolved_at: ['resolved_at', 'meta.resolved_at'],
  customer_id: ['customer_id', 'customer_or_thread_id'],
  product: ['product'],
  subject: ['subject'],
  description: ['description'],
  cause: ['cause'],
  resolution: ['resolution'],
  status: ['status', 'meta.status'],
  lang: ['lang'],
  duplicate_of: ['duplicate_of'],
  turns: ['turns', 'dialogue', 'meta.dialogue'],
};

/** Longest product and status values kept (longer ones are set to null with a warning). */
const MAX_SHORT_FIELD = 200;

/** Source sender labels, lower-cased, mapped to the two canonical roles. */
const SENDERS: Readonly<Record<string, TurnSender>> = {
  customer: 'customer',
  user: 'customer',
  client: 'customer',
  consumer: 'customer',
  requester: 'customer',
  caller: 'customer',
  visitor: 'customer',
  客户: 'customer',
  用户: 'customer',
  顾客: 'customer',
  helpdesk: 'agent',
  agent: 'agent',
  support: 'agent',
  staff: 'agent',
  operator: 'agent',
  service: 'agent',
  assistant: 'agent',
  bot: 'agent',
  客服: 'agent',
  坐席: 'agent',
};

/**
 * Maps a source sender label to a canonical role (`customer`/`helpdesk` in the shared STC3 data;
 * `user`/`assistant`, `client`/`support`, `客户`/`客服` elsewhere). `undefined` when unknown.
 */
export function mapSender(label: string): TurnSender | undefined {
  return SENDERS[label.trim().toLowerCase()];
}

interface Found {
  value: unknown;
  /** The top-level key the value came from (absent for nested `a.b` paths). */
  topKey?: string;
}

class RecordView {
  private readonly lowerIndex: Map<string, number> | undefined;

  constructor(readonly source: SourceRecord) {
    if (source.kind === 'csv') {
      this.lowerIndex = new Map();
      source.header.forEach((name, i) => {
        const key = name.toLowerCase();
        if (!this.lowerIndex?.has(key)) this.lowerIndex?.set(key, i);
      });
    }
  }

  get(key: string): Found | undefined {
    const src = this.source;
    if (src.kind === 'csv') {
      const i = this.lowerIndex?.get(key.toLowerCase());
      if (i === undefined) return undefined;
      const cell = src.cells[i];
      return { value: cell === undefined || cell === '' ? undefined : cell, topKey: src.header[i] };
    }
    if (Object.hasOwn(src.value, key)) return { value: src.value[key], topKey: key };
    if (!key.includes('.')) return undefined;
    let current: unknown = src.value;
    for (const part of key.split('.')) {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) {
        return undefined;
      }
      if (!Object.hasOwn(current, part)) return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return { value: current };
  }
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  );
}

class BadField extends Error {}

/**
 * Fields that may be read leniently (`ReadOptions.lenient`): everything but the id and the text a
 * ticket is learnt from (subject, description, turns), and `meta` (the evals' labels).
 */
export const LENIENT_FIELDS: ReadonlySet<CanonicalField> = new Set<CanonicalField>([
  'created_at',
  'resolved_at',
  'customer_id',
  'product',
  'cause',
  'resolution',
  'status',
  'lang',
  'duplicate_of',
]);
const NONE: ReadonlySet<CanonicalField> = new Set();

/**
 * Converts one source record to a canonical {@link Ticket}, or explains why it cannot be used.
 *
 * Bad records (the reason names the field): no `id`; an `id` that is not a string or number;
 * text fields that are objects, arrays or booleans; `duplicate_of` that is not a list (in CSV a
 * cell is split on `,`, `;`, `|` or whitespace, or parsed when it is a JSON array); `turns` that
 * are not a list of `{ sender, text }` objects or use an unknown sender; `meta` that is not an
 * object; and records with none of subject, description or turns (nothing to learn from).
 *
 * Bad too: an `id` that is empty, longer than 512 characters, holds control characters or is
 * not valid Unicode (a lone surrogate): ids become graph keys (see `idProblem`).
 *
 * Kept with a warning in `meta.warnings` (and the field set to `null`): unparseable dates, a
 * `lang` other than zh/en (`zh-CN`, `en_US` and the like are shortened), a `customer_id` that
 * could not be an id, and a `product` or `status` longer than 200 characters; with `lenient`,
 * any malformed value of those fields (see {@link LENIENT_FIELDS}). Lone surrogates
 * in text fields become U+FFFD (as the store would store them).
 *
 * Meta: the source's `meta` object is kept as given; any other source key or CSV column that no
 * field used is added to it (without overwriting a key `meta` already has), so seed `gold` labels
 * and the shared schema's `source` survive. Empty CSV cells are left out.
 */
export function recordToTicket(
  source: SourceRecord,
  fieldMap?: FieldMap,
  lenient: ReadonlySet<CanonicalField> = NONE,
): ConversionResult {
  const view = new RecordView(source);
  const used = new Set<string>();
  const warnings: string[] = [];
  const isCsv = source.kind === 'csv';

  const pick = (field: CanonicalField): unknown => {
    const mapped = fieldMap?.get(field);
    const keys = mapped === undefined ? DEFAULT_SOURCES[field] : [mapped];
    for (const key of keys) {
      const found = view.get(key);
      if (found === undefined) continue;
      if (found.topKey !== undefined) used.add(found.topKey);
      if (!isEmpty(found.value)) return found.value;
    }
    return undefined;
  };

  /** A field the caller does not use: a malformed value becomes `fallback`, with a warning. */
  const tolerate = <T>(field: CanonicalField, read: () => T, fallback: T): T => {
    if (!lenient.has(field)) return read();
    try {
      return read();
    } catch (e) {
      if (!(e instanceof BadField)) throw e;
      warnings.push(`${e.message}; set to ${fallback === null ? 'null' : 'an empty list'}`);
      return fallback;
    }
  };

  const text = (field: CanonicalField): string | null =>
    tolerate(field, () => strictText(field), null);

  const strictText = (field: CanonicalField): string | null => {
    const value = pick(field);
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') {
      throw new BadField(`${field} must be a string, got ${describeType(value)}`);
    }
    const trimmed = value.trim();
    // Lone surrogates (from JSON `\ud800` escapes) have no UTF-8 form: the store would replace
    // them anyway, so the ticket holds what the graph will hold.
    return trimmed === '' ? null : toWellFormed(trimmed);
  };

  /** A short key-like field: over-long or malformed values are dropped with a warning. */
  const short = (field: CanonicalField, problem: (v: string) => string | null): string | null => {
    const value = text(field);
    const issue = value === null ? null : problem(value);
    if (issue === null) return value;
    warnings.push(`${field}: ${issue}; set to null`);
    return null;
  };
  const bounded = (v: string) =>
    v.length > MAX_SHORT_FIELD ? `longer than ${MAX_SHORT_FIELD} characters` : null;

  const date = (field: CanonicalField): string | null => {
    const value = pick(field);
    const result = normalizeDate(value);
    if (result.ok) return result.value;
    warnings.push(`${field}: ${result.reason}; set to null`);
    return null;
  };

  try {
    const rawId = pick('id');
    if (rawId === undefined || rawId === null || (typeof rawId === 'string' && !rawId.trim())) {
      return { ok: false, reason: 'missing id' };
    }
    let id: string;
    if (typeof rawId === 'string') id = rawId.trim();
    else if (typeof rawId === 'number' && Number.isFinite(rawId)) id = String(rawId);
    else return { ok: false, reason: `id must be a string or number, got ${describeType(rawId)}` };
    const idIssue = idProblem(id);
    if (idIssue) return { ok: false, reason: `id ${idIssue}` };

    const meta = readMeta(source, used);
    const ticket: Ticket = {
      id,
      createdAt: date('created_at'),
      resolvedAt: date('resolved_at'),
      customerId: short('customer_id', (v) => idProblem(v)),
      product: short('product', bounded),
      subject: text('subject'),
      description: text('description'),
      cause: text('cause'),
      resolution: text('resolution'),
      status: short('status', bounded),
      lang: readLang(text('lang'), warnings),
      duplicateOf: tolerate('duplicate_of', () => readDuplicates(pick('duplicate_of'), isCsv), []),
      turns: readTurns(pick('turns'), isCsv),
      meta,
    };
    const hasTurns = ticket.turns?.some((t) => t.text.trim() !== '') ?? false;
    if (ticket.subject === null && ticket.description === null && !hasTurns) {
      return {
        ok: false,
        reason: 'nothing to learn from: subject, description and turns are all missing or empty',
      };
    }
    addExtras(source, used, meta);
    if (warnings.length > 0) {
      const previous = meta.warnings;
      const earlier =
        previous === undefined
          ? []
          : Array.isArray(previous)
            ? (previous as unknown[])
            : [previous];
      meta.warnings = [...earlier, ...warnings];
    }
    return { ok: true, ticket };
  } catch (e) {
    if (e instanceof BadField) return { ok: false, reason: e.message };
    throw e;
  }
}

function readMeta(source: SourceRecord, used: Set<string>): Record<string, unknown> {
  if (source.kind === 'csv') return {};
  used.add('meta');
  const meta = source.value.meta;
  if (meta === undefined || meta === null) return {};
  if (typeof meta !== 'object' || Array.isArray(meta)) {
    throw new BadField(`meta must be an object, got ${describeType(meta)}`);
  }
  return { ...(meta as Record<string, unknown>) };
}

function addExtras(source: SourceRecord, used: Set<string>, meta: Record<string, unknown>): void {
  if (source.kind === 'csv') {
    source.header.forEach((name, i) => {
      const cell = source.cells[i];
      if (name === '' || used.has(name) || cell === undefined || cell === '') return;
      if (!Object.hasOwn(meta, name)) setOwn(meta, name, cell);
    });
    return;
  }
  for (const [key, value] of Object.entries(source.value)) {
    if (used.has(key) || Object.hasOwn(meta, key)) continue;
    setOwn(meta, key, value);
  }
}

/** Defines an own property, so a source key such as `__proto__` stays plain data. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function readLang(value: string | null, warnings: string[]): TicketLang | null {
  if (value === null) return null;
  const lower = value.toLowerCase();
  if (/^zh(?:[-_].*)?$/.test(lower) || lower === 'chinese' || lower === '中文') return 'zh';
  if (/^en(?:[-_].*)?$/.test(lower) || lower === 'english' || lower === '英文') return 'en';
  warnings.push(`lang: unsupported language "${value.slice(0, 20)}"; set to null`);
  return null;
}

function readDuplicates(value: unknown, isCsv: boolean): string[] {
  if (value === undefined || value === null) return [];
  let list: unknown = value;
  if (isCsv && typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        list = JSON.parse(trimmed);
      } catch {
        throw new BadField('duplicate_of is not a valid JSON list');
      }
    } else {
      list = trimmed.split(/[\s,;|]+/);
    }
  }
  if (!Array.isArray(list)) {
    throw new BadField(`duplicate_of must be a list, got ${describeType(list)}`);
  }
  const out: string[] = [];
  list.forEach((item: unknown, i) => {
    if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item));
    else if (typeof item === 'string') {
      if (item.trim() !== '') out.push(item.trim());
    } else {
      throw new BadField(
        `duplicate_of[${i}] must be a string or number, got ${describeType(item)}`,
      );
    }
  });
  return out;
}

function readTurns(value: unknown, isCsv: boolean): TicketTurn[] | null {
  if (value === undefined || value === null) return null;
  let list: unknown = value;
  if (isCsv && typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      throw new BadField('turns must be a JSON list of {sender, text} in a CSV cell');
    }
  }
  if (!Array.isArray(list)) throw new BadField(`turns must be a list, got ${describeType(list)}`);
  const turns: TicketTurn[] = [];
  list.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new BadField(`turns[${i}] must be an object, got ${describeType(item)}`);
    }
    const turn = item as Record<string, unknown>;
    const label = turn.sender ?? turn.role ?? turn.speaker;
    const body = turn.text ?? turn.content;
    if (typeof label !== 'string') {
      throw new BadField(`turns[${i}].sender must be a string, got ${describeType(label)}`);
    }
    const sender = mapSender(label);
    if (sender === undefined) {
      throw new BadField(
        `turns[${i}].sender "${label.slice(0, 30)}" is neither customer nor agent`,
      );
    }
    if (typeof body !== 'string') {
      throw new BadField(`turns[${i}].text must be a string, got ${describeType(body)}`);
    }
    turns.push({ sender, text: toWellFormed(body) });
  });
  return turns.length === 0 ? null : turns;
}
