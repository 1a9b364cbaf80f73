import MiniSearch from 'minisearch';
import type { AnswerService } from '../answer/answer-service.js';
import type { ExtractionJob } from '../extract/job.js';
import type { ReadItem, Ticket } from '../extract/read/ticket.js';
import type { GraphStore } from '../graph/store.js';
import type { Tokenizer } from '../text/index.js';

/**
 * `kg eval repeat`: how often the graph answers a repeat inquiry with knowledge learnt from the
 * earlier ticket of the same problem, next to a BM25 nearest-ticket baseline on the same split.
 *
 * Protocol: clusters are the connected components of `duplicate_of` within the given files; the
 * earliest member of each cluster (by created_at, then file order) and every unclustered row are
 * imported as resolved tickets through the real import path; every other cluster member is asked
 * through the real answer path (question = subject + description; product when present). A hit at
 * rank k: one of the top-k candidates has provenance to (is reported by) a ticket of the same
 * cluster.
 */

export interface Metrics {
  hit1: number;
  hit3: number;
  mrr10: number;
}

export interface RepeatResult {
  queries: number;
  archive: number;
  clusters: number;
  graph: Metrics;
  baseline: Metrics;
  /** Rows that could not be used, with where and why. */
  unusable: { source: string; line: number; reason: string }[];
}

export interface SplitInput {
  source: string;
  line: number;
  order: number;
  ticket: Ticket;
}

export interface Split {
  archive: SplitInput[];
  queries: SplitInput[];
  clusterOf: Map<string, number>;
  clusters: number;
}

/** Union-find over duplicate_of; the earliest member of each cluster goes to the archive. */
export function splitByClusters(rows: readonly SplitInput[]): Split {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (parent.get(c) !== r) {
      const n = parent.get(c)!;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  const ids = new Set(rows.map((r) => r.ticket.id));
  for (const r of rows) parent.set(r.ticket.id, r.ticket.id);
  for (const r of rows) {
    for (const d of r.ticket.duplicateOf) {
      if (!ids.has(d)) continue;
      const a = find(r.ticket.id);
      const b = find(d);
      if (a !== b) parent.set(a, b);
    }
  }
  const members = new Map<string, SplitInput[]>();
  for (const r of rows) {
    const root = find(r.ticket.id);
    members.set(root, [...(members.get(root) ?? []), r]);
  }
  const archive: SplitInput[] = [];
  const queries: SplitInput[] = [];
  const clusterOf = new Map<string, number>();
  let clusters = 0;
  for (const group of members.values()) {
    const sorted = [...group].sort(
      (a, b) =>
        (a.ticket.createdAt ?? '').localeCompare(b.ticket.createdAt ?? '') || a.order - b.order,
    );
    archive.push(sorted[0]!);
    if (sorted.length > 1) {
      clusters++;
      for (const m of sorted) clusterOf.set(m.ticket.id, clusters);
      queries.push(...sorted.slice(1));
    }
  }
  archive.sort((a, b) => a.order - b.order);
  queries.sort((a, b) => a.order - b.order);
  return { archive, queries, clusterOf, clusters };
}

export function questionOf(t: Ticket): string {
  const turns = t.turns?.filter((x) => x.sender === 'customer').map((x) => x.text) ?? [];
  return [t.subject, t.description, ...(t.subject || t.description ? [] : turns.slice(0, 2))]
    .filter(Boolean)
    .join('\n');
}

export interface RepeatDeps {
  store: GraphStore;
  answers: AnswerService;
  job: ExtractionJob;
  tokenizer: Tokenizer;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export async function evalRepeat(
  items: AsyncIterable<{ source: string; item: ReadItem }>,
  deps: RepeatDeps,
): Promise<RepeatResult> {
  const rows: SplitInput[] = [];
  const unusable: RepeatResult['unusable'] = [];
  let order = 0;
  for await (const { source, item } of items) {
    if (item.kind === 'bad') {
      unusable.push({ source, line: item.line, reason: item.reason });
      continue;
    }
    if (!questionOf(item.ticket)) {
      unusable.push({
        source,
        line: item.line,
        reason: 'no subject, description or customer turn to ask or learn from',
      });
      continue;
    }
    rows.push({ source, line: item.line, order: order++, ticket: item.ticket });
  }
  const split = splitByClusters(rows);

  // Import the archive through the real job.
  const archiveItems: ReadItem[] = split.archive.map((r) => ({
    kind: 'ticket',
    line: r.order + 1,
    ticket: r.ticket,
  }));
  await deps.job.run(archiveItems, {
    source: 'eval-repeat',
    batchSize: 500,
    resume: false,
    onProgress: (p) => deps.onProgress?.('import', p.read, split.archive.length),
  });

  // Baseline: BM25 over the same imported tickets, same tokenizer.
  const bm25 = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    idField: 'id',
    tokenize: (t) => deps.tokenizer.terms(t),
    processTerm: (t) => t,
  });
  bm25.addAll(
    split.archive.map((r) => ({
      id: r.ticket.id,
      text: [questionOf(r.ticket), r.ticket.resolution ?? ''].join('\n'),
    })),
  );

  const graph = { hit1: 0, hit3: 0, mrr: 0 };
  const base = { hit1: 0, hit3: 0, mrr: 0 };
  const casesOf = new Map<string, string[]>();
  let done = 0;
  for (const q of split.queries) {
    const cluster = split.clusterOf.get(q.ticket.id)!;
    const inCluster = (caseId: string) => split.clusterOf.get(caseId) === cluster;
    const question = questionOf(q.ticket);
    const a = await deps.answers.answer({
      question: question.slice(0, 4000),
      product: safeProduct(deps.answers, q.ticket.product),
      first: 10,
    });
    const missing = a.candidates.map((c) => c.faultId).filter((id) => !casesOf.has(id));
    if (missing.length > 0)
      for (const f of await deps.store.loadFaults(missing)) casesOf.set(f.id, f.cases);
    const graphRank = a.candidates.findIndex((c) => (casesOf.get(c.faultId) ?? []).some(inCluster));
    score(graph, graphRank);
    const hits = bm25.search(question, { combineWith: 'OR' }).slice(0, 10);
    score(
      base,
      hits.findIndex((h) => inCluster(String(h.id))),
    );
    deps.onProgress?.('ask', ++done, split.queries.length);
  }
  const n = Math.max(1, split.queries.length);
  const m = (x: typeof graph): Metrics => ({
    hit1: round(x.hit1 / n),
    hit3: round(x.hit3 / n),
    mrr10: round(x.mrr / n),
  });
  return {
    queries: split.queries.length,
    archive: split.archive.length,
    clusters: split.clusters,
    graph: m(graph),
    baseline: m(base),
    unusable,
  };
}

function score(acc: { hit1: number; hit3: number; mrr: number }, rank: number): void {
  if (rank < 0) return;
  if (rank === 0) acc.hit1++;
  if (rank < 3) acc.hit3++;
  acc.mrr += 1 / (rank + 1);
}

/** A product name the graph does not know is not an error in evaluation: ask unscoped. */
function safeProduct(answers: AnswerService, product: string | null): string | null {
  if (!product) return null;
  try {
    return answers.resolveProductOrNull(product);
  } catch {
    return null;
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
