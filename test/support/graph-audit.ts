import { createHash } from 'node:crypto';
import type { CypherRunner, Row } from '../../src/graph/cypher/runner.js';
import { SYSTEM_LABELS, type GraphSchema } from '../../src/graph/schema.js';

/**
 * The key every node label is MERGEd on by the Cypher store: `id` for the ontology's entity types
 * and most system labels, `name` for ontology types and relation types, `source` for import
 * checkpoints. test/concurrency.test.ts checks this list against the statements the store really
 * runs and against the uniqueness constraints of the migrations.
 */
export function mergeKeys(schema: GraphSchema): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const type of schema.entityTypes) keys[type] = 'id';
  keys[SYSTEM_LABELS.concept] = 'id';
  keys[SYSTEM_LABELS.entityType] = 'name';
  keys[SYSTEM_LABELS.relationType] = 'name';
  keys[SYSTEM_LABELS.ontologyVersion] = 'id';
  keys[SYSTEM_LABELS.migration] = 'id';
  keys[SYSTEM_LABELS.changeset] = 'id';
  keys[SYSTEM_LABELS.checkpoint] = 'source';
  keys[SYSTEM_LABELS.usageDay] = 'day';
  return keys;
}

/** What {@link auditGraph} finds. */
export interface GraphAudit {
  /** Nodes per label. */
  nodes: Record<string, number>;
  /** Edges per relationship type. */
  edges: Record<string, number>;
  /** Per label: nodes minus distinct MERGE keys (only labels with duplicates; `{}` is clean). */
  duplicates: Record<string, number>;
  /** Ids of the Case nodes, sorted. */
  caseIds: string[];
  /**
   * SHA-256 of the knowledge: every instance node with its properties and every edge between
   * instance and concept nodes with its properties, leaving out what names the run that wrote it
   * (`createdByRun`, an edge's `run`). Equal digests: the same graph, whatever runs built it.
   */
  digest: string;
}

const RUN_SPECIFIC = new Set(['createdByRun', 'run']);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !RUN_SPECIFIC.has(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const quote = (label: string) => `\`${label}\``;

/**
 * Counts, duplicate MERGE keys, case ids and a digest of a graph, read through its runner with
 * plain Cypher (so it works on any store the service runs on). Meant for tests and benchmarks
 * that compare two graphs.
 */
export async function auditGraph(runner: CypherRunner, schema: GraphSchema): Promise<GraphAudit> {
  return runner.read(async (tx) => {
    const count = (rows: Row[], key: string) =>
      Object.fromEntries(
        rows
          .map((r) => [String(r[key]), Number(r.n)] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    const nodes = count(
      await tx.run('MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n'),
      'label',
    );
    const edges = count(
      await tx.run('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n'),
      'type',
    );
    const duplicates: Record<string, number> = {};
    for (const [label, key] of Object.entries(mergeKeys(schema))) {
      const [row] = await tx.run(
        `MATCH (n:${quote(label)}) RETURN count(n) AS n, count(DISTINCT n.${key}) AS keys`,
      );
      const extra = Number(row?.n ?? 0) - Number(row?.keys ?? 0);
      if (extra !== 0) duplicates[label] = extra;
    }
    const caseIds = (await tx.run(`MATCH (k:${quote('Case')}) RETURN k.id AS id ORDER BY id`)).map(
      (r) => String(r.id),
    );
    const hash = createHash('sha256');
    const knowledge = [...schema.entityTypes, SYSTEM_LABELS.concept].sort();
    for (const type of schema.entityTypes.slice().sort()) {
      const rows = await tx.run(
        `MATCH (n:${quote(type)}) RETURN n.id AS id, n {.*} AS props ORDER BY id`,
      );
      for (const r of rows) hash.update(`${type} ${String(r.id)} ${canonical(r.props)}\n`);
    }
    const edgeLines: string[] = [];
    for (const from of knowledge) {
      const rows = await tx.run(
        `MATCH (a:${quote(from)})-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, labels(b) AS to, r {.*} AS props`,
      );
      for (const r of rows) {
        const to = (r.to as string[]).filter((l) => knowledge.includes(l));
        if (to.length === 0) continue;
        edgeLines.push(
          `${String(r.type)} ${from}:${String(r.a)} ${to.join('|')}:${String(r.b)} ${canonical(r.props)}`,
        );
      }
    }
    for (const line of edgeLines.sort()) hash.update(line + '\n');
    return { nodes, edges, duplicates, caseIds, digest: hash.digest('hex') };
  });
}
