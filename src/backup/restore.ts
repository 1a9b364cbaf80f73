import fs from 'node:fs';
import { BadInputError, ConflictError } from '../errors.js';
import { decodeLine, splitLines, stripBomBytes } from '../extract/read/lines.js';
import {
  SYSTEM_LABELS,
  snapshotLabels,
  snapshotRelTypes,
  type GraphSchema,
} from '../graph/schema.js';
import type { GraphCounts, GraphStore, SnapshotEdge, SnapshotNode } from '../graph/store.js';
import { parseHeader, parseLine, type SnapshotHeader } from './snapshot.js';

/** Longest snapshot line read (a changeset of a large batch is the longest kind). */
export const MAX_SNAPSHOT_LINE_BYTES = 256 * 2 ** 20;
/** Problems listed in a refusal; the rest are counted. */
const MAX_LISTED = 20;

export interface RestoreProgress {
  phase: 'check' | 'clear' | 'restore';
  /** Lines checked or restored, or nodes deleted. */
  done: number;
  /** Lines in the file (0 while checking: not known yet), or nodes to delete. */
  total: number;
}

export interface RestoreOptions {
  /** Empty a store that holds anything first (everything but its migration records). */
  force?: boolean;
  /** Nodes and edges per transaction. @default 5000 */
  batchSize?: number;
  onProgress?: (p: RestoreProgress) => void;
}

export interface RestoreResult {
  header: SnapshotHeader;
  nodes: number;
  edges: number;
  /** Nodes deleted first (`force`). */
  cleared: number;
}

interface Line {
  line: number;
  text: string | null;
  reason: string | null;
}

/** The file's physical lines, decoded as UTF-8 (BOM removed); blank lines are left out. */
async function* readLines(file: string): AsyncGenerator<Line> {
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const pl of splitLines(stream, MAX_SNAPSHOT_LINE_BYTES)) {
    if (pl.bytes === null) {
      yield {
        line: pl.line,
        text: null,
        reason: `line of ${pl.size} bytes is longer than ${MAX_SNAPSHOT_LINE_BYTES}`,
      };
      continue;
    }
    const d = decodeLine(pl.line === 1 ? stripBomBytes(pl.bytes) : pl.bytes, 'utf8');
    if (!d.ok) {
      yield { line: pl.line, text: null, reason: d.reason };
      continue;
    }
    if (d.text.trim() === '') continue;
    yield { line: pl.line, text: d.text, reason: null };
  }
}

/**
 * Reads a whole snapshot and checks it without writing anything: a header first, every line a
 * valid node or edge with labels, types and properties from the allow-list, no node twice, every
 * edge's endpoints on earlier lines, and as many nodes per label and edges per type as the header
 * announces (a truncated file fails here). Throws one BadInputError listing `file:line: reason`.
 */
export async function checkSnapshot(
  file: string,
  schema: GraphSchema,
  onProgress?: (p: RestoreProgress) => void,
): Promise<{ header: SnapshotHeader; lines: number }> {
  if (!fs.existsSync(file)) throw new BadInputError(`${file}: no such file`);
  const allowed = {
    labels: new Set(snapshotLabels(schema)),
    types: new Set(snapshotRelTypes(schema)),
  };
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (line: number | string, reason: string) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push(`${file}:${line}: ${reason}`);
  };
  let header: SnapshotHeader | null = null;
  const keys = new Map<string, Set<string>>();
  const seen: GraphCounts = { nodes: {}, edges: {} };
  let lines = 0;
  let last = 0;
  for await (const l of readLines(file)) {
    lines++;
    last = l.line;
    if (lines % 10_000 === 0) onProgress?.({ phase: 'check', done: lines, total: 0 });
    if (l.text === null) {
      if (!header) throw refusal(file, [`${file}:${l.line}: ${l.reason}`], 1);
      problem(l.line, l.reason ?? 'unreadable');
      continue;
    }
    if (!header) {
      const h = parseHeader(l.text);
      if (!h.ok) throw refusal(file, [`${file}:${l.line}: ${h.reason}`], 1);
      header = h.header;
      continue;
    }
    const parsed = parseLine(l.text, allowed);
    if (parsed.kind === 'error') {
      problem(l.line, parsed.reason);
    } else if (parsed.kind === 'node') {
      const { label, key } = parsed.node;
      let set = keys.get(label);
      if (!set) keys.set(label, (set = new Set()));
      if (set.has(key)) problem(l.line, `node ${label}:${clip(key)} appears twice`);
      set.add(key);
      bump(seen.nodes, label);
    } else {
      const { from, to, type } = parsed.edge;
      const missing = [from, to].filter((r) => !keys.get(r.label)?.has(r.key));
      if (missing.length > 0) {
        problem(
          l.line,
          `${type} edge from ${from.label}:${clip(from.key)} to ${to.label}:${clip(to.key)}: ` +
            `${missing.map((m) => `${m.label}:${clip(m.key)}`).join(' and ')} not defined on an earlier line`,
        );
      }
      bump(seen.edges, type);
    }
  }
  if (!header) throw refusal(file, [`${file}:1: empty file: not a snapshot`], 1);
  for (const kind of ['nodes', 'edges'] as const) {
    const names = new Set([...Object.keys(header.counts[kind]), ...Object.keys(seen[kind])]);
    for (const name of [...names].sort()) {
      const want = header.counts[kind][name] ?? 0;
      const got = seen[kind][name] ?? 0;
      if (want !== got) {
        problem(
          `${last} (end of file)`,
          `the header announces ${want} ${kind === 'nodes' ? 'node(s) labelled' : 'edge(s) of type'} ${name}, the file holds ${got}${got < want ? ' (truncated?)' : ''}`,
        );
      }
    }
  }
  if (problemCount > 0) throw refusal(file, problems, problemCount);
  onProgress?.({ phase: 'check', done: lines, total: lines });
  return { header, lines };
}

function refusal(file: string, problems: string[], count: number): BadInputError {
  const more = count > problems.length ? `\n(and ${count - problems.length} more)` : '';
  return new BadInputError(
    `${file} is not a restorable snapshot (${count} problem(s)); nothing was written:\n${problems.join('\n')}${more}`,
    { problems: problems.length },
  );
}

/**
 * `kg import --snapshot`: restores a snapshot exactly. Checks the whole file first (nothing is
 * written from a bad file), refuses a store that holds anything but its migration records unless
 * `force` (which deletes everything first), then creates the nodes and edges in batches of one
 * transaction each, and finally compares the store's counts with the header.
 *
 * Not atomic as a whole: a failure half way (store down) leaves part of the snapshot written; run
 * it again with `force`.
 */
export async function restoreSnapshot(
  store: GraphStore,
  schema: GraphSchema,
  file: string,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const batchSize = options.batchSize ?? 5000;
  const { header, lines } = await checkSnapshot(file, schema, options.onProgress);
  const cleared = await emptyStore(store, schema, options);

  let nodes: SnapshotNode[] = [];
  let edges: SnapshotEdge[] = [];
  let done = 0;
  const written = { nodes: 0, edges: 0 };
  const flush = async () => {
    if (nodes.length + edges.length === 0) return;
    const r = await store.restoreBatch({ nodes, edges });
    written.nodes += r.nodes;
    written.edges += r.edges;
    nodes = [];
    edges = [];
    options.onProgress?.({ phase: 'restore', done, total: lines });
  };
  const allowed = {
    labels: new Set(snapshotLabels(schema)),
    types: new Set(snapshotRelTypes(schema)),
  };
  let first = true;
  for await (const l of readLines(file)) {
    done++;
    if (first) {
      first = false;
      continue;
    }
    // Checked above; parsed again rather than kept, so memory does not grow with the file.
    const parsed = parseLine(l.text ?? '', allowed);
    if (parsed.kind === 'node') nodes.push(parsed.node);
    else if (parsed.kind === 'edge') edges.push(parsed.edge);
    else throw new BadInputError(`${file}:${l.line}: ${parsed.reason} (the file changed?)`);
    if (nodes.length + edges.length >= batchSize) await flush();
  }
  await flush();

  const after = withoutMigrations(await store.counts());
  const diffs = diffCounts(header.counts, after);
  if (diffs.length > 0) {
    throw new Error(`the restored store does not match the snapshot: ${diffs.join('; ')}`);
  }
  return { header, nodes: written.nodes, edges: written.edges, cleared };
}

/** Refuses a non-empty store, or with `force` deletes every node (and so every edge) in pages. */
async function emptyStore(
  store: GraphStore,
  schema: GraphSchema,
  options: RestoreOptions,
): Promise<number> {
  const present = withoutMigrations(await store.counts()).nodes;
  const total = Object.values(present).reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const summary = Object.entries(present)
    .map(([l, n]) => `${l} ${n}`)
    .join(', ');
  if (!options.force) {
    throw new ConflictError(
      `the store is not empty (${summary}); restore into an empty store, or pass --force to delete everything in it first`,
    );
  }
  const labels = snapshotLabels(schema);
  const foreign = Object.keys(present).filter((l) => !labels.includes(l));
  if (foreign.length > 0) {
    throw new ConflictError(
      `the store holds nodes labelled ${foreign.join(', ')}, which the ontology does not declare; --force cannot delete them`,
    );
  }
  let deleted = 0;
  for (const label of Object.keys(present)) {
    for (;;) {
      const n = await store.deleteNodePage(label, 5000);
      deleted += n;
      options.onProgress?.({ phase: 'clear', done: deleted, total });
      if (n === 0) break;
    }
  }
  return deleted;
}

function withoutMigrations(c: GraphCounts): GraphCounts {
  const nodes = { ...c.nodes };
  delete nodes[SYSTEM_LABELS.migration];
  return { nodes, edges: c.edges };
}

function diffCounts(want: GraphCounts, got: GraphCounts): string[] {
  const diffs: string[] = [];
  for (const kind of ['nodes', 'edges'] as const) {
    const names = new Set([...Object.keys(want[kind]), ...Object.keys(got[kind])]);
    for (const name of [...names].sort()) {
      const a = want[kind][name] ?? 0;
      const b = got[kind][name] ?? 0;
      if (a !== b) diffs.push(`${name}: snapshot ${a}, store ${b}`);
    }
  }
  return diffs;
}

function bump(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
