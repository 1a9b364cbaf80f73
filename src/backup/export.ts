import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { ConflictError } from '../errors.js';
import {
  SYSTEM_LABELS,
  snapshotLabels,
  snapshotRelTypes,
  type GraphSchema,
} from '../graph/schema.js';
import type { GraphCounts, GraphStore, SnapshotEdge, SnapshotNode } from '../graph/store.js';
import { GraphmlWriter } from './graphml.js';
import {
  edgeLine,
  headerLine,
  nodeLine,
  SNAPSHOT_FORMAT,
  SNAPSHOT_FORMAT_VERSION,
  type SnapshotHeader,
} from './snapshot.js';

export type ExportFormat = 'jsonl' | 'graphml';

export interface ExportProgress {
  /** Nodes and edges written so far. */
  done: number;
  /** Nodes and edges the store held when the export started. */
  total: number;
}

export interface ExportOptions {
  format: ExportFormat;
  /** Nodes read per page (their outgoing edges are read with them). @default 2000 */
  pageSize?: number;
  now?: () => Date;
  onProgress?: (p: ExportProgress) => void;
}

export interface ExportResult {
  /** Where the snapshot went (`-` for stdout). */
  file: string;
  header: SnapshotHeader;
  nodes: number;
  edges: number;
  bytes: number;
}

/** A writable with backpressure: `write` waits for `drain` when the buffer is full. */
class Sink {
  bytes = 0;
  constructor(private readonly stream: Writable) {}

  async write(s: string): Promise<void> {
    this.bytes += Buffer.byteLength(s);
    if (!this.stream.write(s)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        this.stream.once('error', onError);
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          resolve();
        });
      });
    }
  }

  /** Ends a file stream (waits until it is flushed); leaves stdout open. */
  async end(): Promise<void> {
    if (this.stream === process.stdout) return;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}

/**
 * Where `--out` points: `-` is stdout, an existing directory (or a path ending in `/`) gets a
 * timestamped file name, anything else is the file itself. @default the current directory
 */
export function resolveOut(out: string | undefined, format: ExportFormat, now: Date): string {
  const target = out ?? '.';
  if (target === '-') return '-';
  const isDir =
    target.endsWith('/') || (fs.existsSync(target) && fs.statSync(target).isDirectory());
  if (!isDir) return target;
  fs.mkdirSync(target, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.join(target, `supportgraph-${stamp}.${format}`);
}

/**
 * `kg export`: writes every node and edge the snapshot labels cover (see `snapshot.ts` for the
 * format), reading the store in pages: one page of nodes of a label, then those nodes' outgoing
 * edges. Nothing holds the whole graph: node lines stream to the output, edge lines to a temporary
 * file appended at the end (JSONL: nodes before edges, so a restore can create the endpoints first);
 * for GraphML the body goes to a temporary file while the property keys are collected, then the key
 * declarations and the body are written.
 *
 * A file is written as `<file>.partial` and renamed when complete, so an interrupted export never
 * leaves a file that looks whole. Counts per label and type are checked against the store's counts
 * taken at the start: a mismatch (something wrote during the export) fails the export.
 */
export async function exportSnapshot(
  store: GraphStore,
  schema: GraphSchema,
  file: string,
  options: ExportOptions,
): Promise<ExportResult> {
  const now = options.now ?? (() => new Date());
  const pageSize = options.pageSize ?? 2000;
  const labels = snapshotLabels(schema);
  const types = snapshotRelTypes(schema);
  const counts = expectedCounts(await store.counts(), labels, types);
  const ontologyVersion = (await store.readOntology()).version;
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    createdAt: now().toISOString(),
    ontologyVersion,
    store: store.kind,
    counts,
  };
  const total =
    Object.values(counts.nodes).reduce((a, b) => a + b, 0) +
    Object.values(counts.edges).reduce((a, b) => a + b, 0);
  const toStdout = file === '-';
  const partial = toStdout ? null : `${file}.partial`;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-export-'));
  const body = path.join(tmpDir, 'body');
  const written: GraphCounts = { nodes: {}, edges: {} };
  let done = 0;
  let lastReport = 0;
  const progress = (force = false) => {
    if (force || done - lastReport >= pageSize) {
      lastReport = done;
      options.onProgress?.({ done, total });
    }
  };
  try {
    const main = new Sink(toStdout ? process.stdout : fs.createWriteStream(partial!));
    const side = new Sink(fs.createWriteStream(body));
    if (options.format === 'jsonl') {
      await main.write(headerLine(header));
      await walk(store, labels, counts, pageSize, {
        node: async (n) => {
          await main.write(nodeLine(n));
          count(written.nodes, n.label);
          done++;
        },
        edge: async (e) => {
          await side.write(edgeLine(e));
          count(written.edges, e.type);
          done++;
        },
        page: () => progress(),
      });
      await side.end();
      await copyInto(body, main);
    } else {
      const g = new GraphmlWriter();
      await walk(store, labels, counts, pageSize, {
        node: async (n) => {
          await side.write(g.node(n));
          count(written.nodes, n.label);
          done++;
        },
        edge: async (e) => {
          await side.write(g.edge(e));
          count(written.edges, e.type);
          done++;
        },
        page: () => progress(),
      });
      await side.end();
      await main.write(g.head({ createdAt: header.createdAt, ontologyVersion }));
      await copyInto(body, main);
      await main.write(g.tail());
    }
    await main.end();
    progress(true);
    checkWritten(counts, written);
    if (partial) fs.renameSync(partial, file);
    return {
      file,
      header,
      nodes: sum(written.nodes),
      edges: sum(written.edges),
      bytes: main.bytes,
    };
  } catch (e) {
    if (partial) fs.rmSync(partial, { force: true });
    throw e;
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

interface Visitor {
  node(n: SnapshotNode): Promise<void>;
  edge(e: SnapshotEdge): Promise<void>;
  page(): void;
}

/** One pass over the store: per label, a page of nodes, then those nodes' outgoing edges. */
async function walk(
  store: GraphStore,
  labels: readonly string[],
  counts: GraphCounts,
  pageSize: number,
  visit: Visitor,
): Promise<void> {
  for (const label of labels) {
    if ((counts.nodes[label] ?? 0) === 0) continue;
    let after: string | null = null;
    for (;;) {
      const page = await store.readNodePage(label, after, pageSize);
      if (page.length === 0) break;
      for (const n of page) await visit.node(n);
      const edges = await store.readEdgesFrom(
        label,
        page.map((n) => n.key),
      );
      for (const e of edges) await visit.edge(e);
      visit.page();
      if (page.length < pageSize) break;
      after = page[page.length - 1]!.key;
    }
  }
}

/** Appends a file to a sink (stdout or the output file) in chunks. */
async function copyInto(file: string, sink: Sink): Promise<void> {
  for await (const chunk of fs.createReadStream(file, {
    encoding: 'utf8',
  }) as AsyncIterable<string>)
    await sink.write(chunk);
}

/**
 * The counts the snapshot must reach, from the store's counts: every label except the store's own
 * migration records. A label or type outside the allow-list cannot be exported exactly: refuse.
 */
function expectedCounts(
  counts: GraphCounts,
  labels: readonly string[],
  types: readonly string[],
): GraphCounts {
  const nodes: Record<string, number> = {};
  const foreign: string[] = [];
  for (const [label, n] of Object.entries(counts.nodes)) {
    if (label === SYSTEM_LABELS.migration) continue;
    if (labels.includes(label)) nodes[label] = n;
    else foreign.push(`${n} node(s) labelled ${label}`);
  }
  const edges: Record<string, number> = {};
  for (const [type, n] of Object.entries(counts.edges)) {
    if (types.includes(type)) edges[type] = n;
    else foreign.push(`${n} edge(s) of type ${type}`);
  }
  if (foreign.length > 0) {
    throw new ConflictError(
      `the store holds ${foreign.join(', ')}, which the ontology does not declare; a snapshot could not restore them exactly`,
    );
  }
  return { nodes, edges };
}

function checkWritten(expected: GraphCounts, written: GraphCounts): void {
  const diffs: string[] = [];
  for (const kind of ['nodes', 'edges'] as const) {
    const keys = new Set([...Object.keys(expected[kind]), ...Object.keys(written[kind])]);
    for (const k of keys) {
      const a = expected[kind][k] ?? 0;
      const b = written[kind][k] ?? 0;
      if (a !== b) diffs.push(`${k}: ${a} at the start, ${b} exported`);
    }
  }
  if (diffs.length > 0) {
    throw new ConflictError(
      `the graph changed during the export (${diffs.slice(0, 5).join('; ')}); export while nothing writes to the store`,
    );
  }
}

function count(m: Record<string, number>, k: string): void {
  m[k] = (m[k] ?? 0) + 1;
}

function sum(m: Record<string, number>): number {
  return Object.values(m).reduce((a, b) => a + b, 0);
}
