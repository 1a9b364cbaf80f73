import { z } from 'zod';
import { locateJsonError } from '../extract/read/json-error.js';
import { checkProps, keyProperty } from '../graph/schema.js';
import type { GraphCounts, Props, SnapshotEdge, SnapshotNode } from '../graph/store.js';

/**
 * The snapshot format of `kg export` / `kg import --snapshot` (JSONL, UTF-8, one JSON object per
 * line):
 *
 * 1. a header: `{"format":"supportgraph-snapshot","formatVersion":1,"createdAt":…,
 *    "ontologyVersion":…,"store":…,"counts":{"nodes":{label: n},"edges":{type: n}}}`;
 * 2. every node, label by label in `snapshotLabels` order, in key order:
 *    `{"kind":"node","label":"Fault","key":"f-1","props":{…}}` (`key` is the value of the label's
 *    key property, `id` but for OntologyType/RelationType `name` and ImportCheckpoint `source`);
 * 3. every edge, by source label and key: `{"kind":"edge","type":"REPORTS","from":["Case","T1"],
 *    "to":["Fault","f-1"],"props":{…}}`.
 *
 * Property names are written sorted, so the same graph always gives the same bytes apart from
 * `createdAt`. An edge's endpoints always come on earlier lines.
 */
export const SNAPSHOT_FORMAT = 'supportgraph-snapshot';
export const SNAPSHOT_FORMAT_VERSION = 1;

export interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  formatVersion: number;
  createdAt: string;
  ontologyVersion: string | null;
  /** The store the snapshot was taken from (`embedded` or `neo4j`). */
  store: string;
  counts: GraphCounts;
}

export function headerLine(h: SnapshotHeader): string {
  return (
    JSON.stringify({
      format: h.format,
      formatVersion: h.formatVersion,
      createdAt: h.createdAt,
      ontologyVersion: h.ontologyVersion,
      store: h.store,
      counts: { nodes: sortedObject(h.counts.nodes), edges: sortedObject(h.counts.edges) },
    }) + '\n'
  );
}

export function nodeLine(n: SnapshotNode): string {
  return (
    JSON.stringify({ kind: 'node', label: n.label, key: n.key, props: sortedObject(n.props) }) +
    '\n'
  );
}

export function edgeLine(e: SnapshotEdge): string {
  return (
    JSON.stringify({
      kind: 'edge',
      type: e.type,
      from: [e.from.label, e.from.key],
      to: [e.to.label, e.to.key],
      props: sortedObject(e.props),
    }) + '\n'
  );
}

function sortedObject<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const countMap = z.record(z.string(), z.number().int().nonnegative());
const headerSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  formatVersion: z.number().int().positive(),
  createdAt: z.string(),
  ontologyVersion: z.string().nullable(),
  store: z.string(),
  counts: z.object({ nodes: countMap, edges: countMap }),
});
export type SnapshotLine =
  | { kind: 'node'; node: SnapshotNode }
  | { kind: 'edge'; edge: SnapshotEdge }
  | { kind: 'error'; reason: string };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    const at = locateJsonError(text);
    return {
      ok: false,
      reason: at
        ? `invalid JSON at column ${at.offset + 1}: ${at.message}${at.truncated ? ' (truncated line?)' : ''}`
        : 'invalid JSON',
    };
  }
}

function zodReason(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid line';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** Parses and checks the header line. Throws nothing: returns the header or why it is unusable. */
export function parseHeader(
  text: string,
): { ok: true; header: SnapshotHeader } | { ok: false; reason: string } {
  const json = parseJson(text);
  if (!json.ok) return json;
  const v = json.value as { format?: unknown; formatVersion?: unknown } | null;
  if (typeof v !== 'object' || v === null || v.format !== SNAPSHOT_FORMAT) {
    return {
      ok: false,
      reason: `not a supportgraph snapshot (the first line must be a header with "format":"${SNAPSHOT_FORMAT}")`,
    };
  }
  if (typeof v.formatVersion === 'number' && v.formatVersion > SNAPSHOT_FORMAT_VERSION) {
    return {
      ok: false,
      reason: `snapshot format version ${v.formatVersion} is newer than this supportgraph reads (${SNAPSHOT_FORMAT_VERSION})`,
    };
  }
  const r = headerSchema.safeParse(v);
  if (!r.success) return { ok: false, reason: `bad header: ${zodReason(r.error)}` };
  return { ok: true, header: r.data };
}

/**
 * Parses one node or edge line and checks it against the allow-list: labels and relation types
 * the ontology (or the store's own tiers) declare, property names and values the store can hold.
 * Whether endpoints exist and keys are unique is the reader's job (it sees the whole file).
 */
export function parseLine(
  text: string,
  allowed: { labels: ReadonlySet<string>; types: ReadonlySet<string> },
): SnapshotLine {
  // Checked by hand rather than with a zod schema: this runs once per line of a snapshot of
  // hundreds of thousands of lines, and the schema made the check pass twice as slow.
  const json = parseJson(text);
  if (!json.ok) return { kind: 'error', reason: json.reason };
  const v = json.value as Record<string, unknown> | null;
  const error = (reason: string): SnapshotLine => ({ kind: 'error', reason });
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return error('expected a JSON object');
  if (!isProps(v.props)) return error(`bad ${String(v.kind)}: props must be an object`);
  if (v.kind === 'node') {
    const { label, key } = v;
    if (!nonEmpty(label)) return error('bad node: label must be a non-empty string');
    if (!nonEmpty(key)) return error('bad node: key must be a non-empty string');
    if (!allowed.labels.has(label)) return error(`label '${clip(label)}' is not in the ontology`);
    const problem = propsProblem(v.props, label);
    if (problem) return error(problem);
    return { kind: 'node', node: { label, key, props: v.props } };
  }
  if (v.kind === 'edge') {
    const { type, from, to } = v;
    if (!nonEmpty(type)) return error('bad edge: type must be a non-empty string');
    if (!isRef(from)) return error('bad edge: from must be [label, key]');
    if (!isRef(to)) return error('bad edge: to must be [label, key]');
    if (!allowed.types.has(type))
      return error(`relation type '${clip(type)}' is not in the ontology`);
    for (const [l] of [from, to]) {
      if (!allowed.labels.has(l)) return error(`label '${clip(l)}' is not in the ontology`);
    }
    const problem = propsProblem(v.props, null);
    if (problem) return error(problem);
    return {
      kind: 'edge',
      edge: {
        type,
        from: { label: from[0], key: from[1] },
        to: { label: to[0], key: to[1] },
        props: v.props,
      },
    };
  }
  return error('expected "kind":"node" or "kind":"edge"');
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}

function isRef(v: unknown): v is [string, string] {
  return Array.isArray(v) && v.length === 2 && nonEmpty(v[0]) && nonEmpty(v[1]);
}

/** A plain object; its values are checked by `checkProps`, the rule every write follows. */
function isProps(v: unknown): v is Props {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function propsProblem(p: Props, label: string | null): string | null {
  const problems: string[] = [];
  const key = label ? keyProperty(label) : null;
  // `id` is a node's key; checkProps refuses it as a property, which is right for edges and for
  // id-keyed labels; for name- and source-keyed labels the key property itself is refused instead.
  if (key && key !== 'id' && key in p) problems.push(`props: '${key}' is the node's key`);
  checkProps(p, 'props', problems);
  return problems[0] ?? null;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
