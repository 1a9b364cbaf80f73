import { BadInputError } from '../../errors.js';
import {
  label,
  relType,
  systemLabel,
  systemRel,
  SYSTEM_LABELS,
  SYSTEM_RELATIONS,
  validateBatch,
  type GraphSchema,
} from '../schema.js';
import type {
  ApplyResult,
  CauseRecord,
  ChangesetRecord,
  Checkpoint,
  ConceptStep,
  FaultRecord,
  FaultSummary,
  GraphCounts,
  GraphStore,
  LinkRef,
  LinkUpsert,
  CustomerCase,
  MetricCase,
  MetricReport,
  MigrationReport,
  Neighbour,
  NodeRecord,
  NodeRef,
  NodeUpsert,
  OntologyState,
  OntologyWrite,
  Outcome,
  OutcomeCounts,
  Props,
  SolutionRecord,
  StoredConcept,
  UsageCounts,
  WriteBatch,
} from '../store.js';
import type { Cardinality } from '../ontology/model.js';
import { migrationsFor } from './migrations.js';
import type { CypherRunner, CypherTx, Row } from './runner.js';

export interface CypherStoreOptions {
  /** Rows per UNWIND statement. @default 2000 */
  chunkSize?: number;
  /** Clock for `appliedAt` stamps (injectable for tests). @default () => new Date() */
  now?: () => Date;
}

/** IS_A walks never go deeper than this (the bound must be a literal in Cypher). */
export const MAX_WALK_DEPTH = 16;

const L = {
  concept: systemLabel(SYSTEM_LABELS.concept),
  entityType: systemLabel(SYSTEM_LABELS.entityType),
  relationType: systemLabel(SYSTEM_LABELS.relationType),
  version: systemLabel(SYSTEM_LABELS.ontologyVersion),
  migration: systemLabel(SYSTEM_LABELS.migration),
  changeset: systemLabel(SYSTEM_LABELS.changeset),
  checkpoint: systemLabel(SYSTEM_LABELS.checkpoint),
  usageDay: systemLabel(SYSTEM_LABELS.usageDay),
};
const R = {
  refines: systemRel(SYSTEM_RELATIONS.refines),
  domain: systemRel(SYSTEM_RELATIONS.domain),
  range: systemRel(SYSTEM_RELATIONS.range),
  isA: systemRel(SYSTEM_RELATIONS.isA),
  instanceOf: systemRel(SYSTEM_RELATIONS.instanceOf),
};

/*
 * Query-shape rule: every pattern starts at the variable that is already bound (`(f)<-[:R]-(k)`,
 * not `(k)-[:R]->(f)`). Neo4j's planner does not care; Grafeo 0.6 expands from the first node of a
 * pattern comprehension, so the other order scans every node of that label (14 ms instead of
 * 0.2 ms per fault at 20k cases in a probe).
 */

/**
 * The one `GraphStore` implementation: domain operations as parameterised Cypher for Neo4j 5, run
 * through a `CypherRunner` (neo4j-driver or embedded Grafeo). Labels and relationship types in the
 * query texts come only from the ontology allow-list (`schema.ts`); every value is a parameter.
 */
export class CypherStore implements GraphStore {
  readonly kind: 'embedded' | 'neo4j';
  private readonly chunkSize: number;
  private readonly now: () => Date;
  private readonly q: ReturnType<typeof domainLabels>;

  constructor(
    private readonly runner: CypherRunner,
    private readonly schema: GraphSchema,
    options: CypherStoreOptions = {},
  ) {
    this.kind = runner.dialect === 'neo4j' ? 'neo4j' : 'embedded';
    this.chunkSize = options.chunkSize ?? 2000;
    this.now = options.now ?? (() => new Date());
    this.q = domainLabels(schema);
  }

  async ping(): Promise<void> {
    await this.runner.read((tx) => tx.run('RETURN 1 AS ok'));
  }

  async migrate(): Promise<MigrationReport> {
    const migrations = migrationsFor(this.runner.dialect, this.schema);
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    // The bookkeeping constraint must exist before we record anything, so the first migration's
    // statements are idempotent (IF NOT EXISTS) and safe to run before reading the record.
    for (const m of migrations) {
      const done = await this.runner.read((tx) =>
        tx.run(`MATCH (m:${L.migration} {id: $id}) RETURN m.id AS id`, { id: m.id }),
      );
      if (done.length > 0) {
        report.alreadyApplied.push(m.id);
        continue;
      }
      // Schema statements run each in their own transaction (Neo4j forbids mixing schema and data
      // writes in one transaction).
      for (const statement of m.statements) {
        await this.runner.write((tx) => tx.run(statement));
      }
      await this.runner.write((tx) =>
        tx.run(
          `MERGE (m:${L.migration} {id: $id}) ON CREATE SET m.description = $description, m.appliedAt = $at`,
          { id: m.id, description: m.description, at: this.now().toISOString() },
        ),
      );
      report.applied.push(m.id);
    }
    return report;
  }

  async apply(batch: WriteBatch): Promise<ApplyResult> {
    validateBatch(this.schema, batch);
    return this.runner.write((tx) => this.applyIn(tx, batch));
  }

  async applyWithChangeset(
    batch: WriteBatch,
    changeset: ChangesetRecord,
    checkpoint: Checkpoint | null,
  ): Promise<ApplyResult> {
    validateBatch(this.schema, batch);
    return this.runner.write(async (tx) => {
      const result = await this.applyIn(tx, batch);
      await tx.run(
        `MERGE (c:${L.changeset} {id: $id})
SET c += $props`,
        { id: changeset.id, props: changesetProps(changeset) },
      );
      if (checkpoint) {
        await tx.run(
          `MERGE (k:${L.checkpoint} {source: $source})
SET k.line = $line, k.watermark = $watermark, k.updatedAt = $updatedAt`,
          {
            source: checkpoint.source,
            line: checkpoint.line,
            watermark: checkpoint.watermark ? JSON.stringify(checkpoint.watermark) : null,
            updatedAt: checkpoint.updatedAt,
          },
        );
      }
      return result;
    });
  }

  async changesets(limit: number): Promise<ChangesetRecord[]> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new BadInputError('limit must be a positive integer');
    const rows = await this.runner.read((tx) =>
      tx.run(
        `MATCH (c:${L.changeset}) RETURN c {.*} AS props ORDER BY c.createdAt DESC, c.id DESC LIMIT $limit`,
        {
          limit,
        },
      ),
    );
    return rows.map((r) => changesetFrom(r.props as Row));
  }

  async changeset(id: string): Promise<ChangesetRecord | null> {
    const [r] = await this.runner.read((tx) =>
      tx.run(`MATCH (c:${L.changeset} {id: $id}) RETURN c {.*} AS props`, { id }),
    );
    return r ? changesetFrom(r.props as Row) : null;
  }

  async setChangesetState(id: string, state: 'applied' | 'reverted'): Promise<void> {
    await this.runner.write((tx) =>
      tx.run(`MATCH (c:${L.changeset} {id: $id}) SET c.state = $state`, { id, state }),
    );
  }

  async checkpoint(source: string): Promise<Checkpoint | null> {
    const [r] = await this.runner.read((tx) =>
      tx.run(
        `MATCH (k:${L.checkpoint} {source: $source}) RETURN k.line AS line, k.watermark AS watermark, k.updatedAt AS updatedAt`,
        { source },
      ),
    );
    if (!r) return null;
    return {
      source,
      line: num(r.line),
      watermark:
        typeof r.watermark === 'string'
          ? (JSON.parse(r.watermark) as Checkpoint['watermark'])
          : null,
      updatedAt: str(r.updatedAt),
    };
  }

  private async applyIn(tx: CypherTx, batch: WriteBatch): Promise<ApplyResult> {
    const nodes = dedupeNodes(batch.nodes ?? []);
    const links = dedupeLinks(batch.links ?? [], this.schema);
    {
      const result: ApplyResult = {
        nodesCreated: 0,
        nodesUpdated: 0,
        linksMerged: 0,
        linksRemoved: 0,
        nodesDeleted: 0,
        touched: [],
      };
      for (const [type, group] of groupBy(nodes, (n) => n.type)) {
        const l = label(this.schema, type);
        for (const rows of chunks(group, this.chunkSize)) {
          // Which ids exist already, for the created/updated report. A separate MATCH, not an
          // OPTIONAL MATCH in the MERGE statement: Grafeo 0.6 plans OPTIONAL MATCH as a label scan.
          const existing = await tx.run(
            `UNWIND $ids AS id MATCH (n:${l} {id: id}) RETURN n.id AS id`,
            {
              ids: rows.map((n) => n.id),
            },
          );
          await tx.run(
            `UNWIND $rows AS row
MERGE (n:${l} {id: row.id})
SET n += row.props`,
            { rows: rows.map((n) => ({ id: n.id, props: n.props })) },
          );
          result.nodesCreated += rows.length - existing.length;
          result.nodesUpdated += existing.length;
        }
      }
      for (const [, group] of groupBy(links, linkShape)) {
        const first = group[0]!;
        for (const rows of chunks(group, this.chunkSize)) {
          result.linksMerged += await this.mergeLinks(tx, first, rows);
        }
      }
      for (const [, group] of groupBy(batch.unlinks ?? [], linkShape)) {
        const first = group[0]!;
        for (const rows of chunks(group, this.chunkSize)) {
          const [row] = await tx.run(
            `UNWIND $rows AS row
MATCH (a:${label(this.schema, first.from.type)} {id: row.from})-[r:${relType(this.schema, first.type)}]->(b:${label(this.schema, first.to.type)} {id: row.to})
DELETE r
RETURN count(*) AS removed`,
            { rows: rows.map((l) => ({ from: l.from.id, to: l.to.id })) },
          );
          result.linksRemoved += num(row?.removed);
        }
      }
      for (const [type, group] of groupBy(batch.deletes ?? [], (n) => n.type)) {
        for (const rows of chunks(group, this.chunkSize)) {
          const [row] = await tx.run(
            `UNWIND $ids AS id
MATCH (n:${label(this.schema, type)} {id: id})
DETACH DELETE n
RETURN count(*) AS deleted`,
            { ids: rows.map((n) => n.id) },
          );
          result.nodesDeleted += num(row?.deleted);
        }
      }
      result.touched = touchedBy(nodes, links, batch.unlinks ?? [], batch.deletes ?? []);
      return result;
    }
  }

  /** Merges one group of links of the same shape; throws (rolling back) if an endpoint is missing. */
  private async mergeLinks(tx: CypherTx, shape: LinkUpsert, rows: LinkUpsert[]): Promise<number> {
    const from = label(this.schema, shape.from.type);
    const to = label(this.schema, shape.to.type);
    const rel = relType(this.schema, shape.type);
    const params = {
      rows: rows.map((l) => ({ from: l.from.id, to: l.to.id, props: l.props ?? {} })),
    };
    if (isToOne(this.schema, shape.type)) {
      // Cardinality "…-to-one": a source keeps one edge of this type, so linking replaces.
      await tx.run(
        `UNWIND $rows AS row
MATCH (a:${from} {id: row.from})-[old:${rel}]->(b)
WHERE b.id <> row.to
DELETE old`,
        params,
      );
    }
    const [row] = await tx.run(
      `UNWIND $rows AS row
MATCH (a:${from} {id: row.from})
MATCH (b:${to} {id: row.to})
MERGE (a)-[r:${rel}]->(b)
SET r += row.props
RETURN count(r) AS merged`,
      params,
    );
    const merged = num(row?.merged);
    if (merged < rows.length) {
      const missing = await this.missingEndpoints(tx, rows);
      throw new BadInputError(
        `cannot link ${shape.type}: ${missing.length} endpoint(s) do not exist: ` +
          missing
            .slice(0, 5)
            .map((m) => `${m.type}:${m.id}`)
            .join(', '),
        { missing: missing.slice(0, 20) },
      );
    }
    return merged;
  }

  private async missingEndpoints(tx: CypherTx, rows: LinkRef[]): Promise<NodeRef[]> {
    const refs = uniqueRefs(rows.flatMap((l) => [l.from, l.to]));
    const missing: NodeRef[] = [];
    for (const [type, group] of groupBy(refs, (r) => r.type)) {
      const found = await tx.run(
        `UNWIND $ids AS id MATCH (n:${label(this.schema, type)} {id: id}) RETURN n.id AS id`,
        { ids: group.map((r) => r.id) },
      );
      const have = new Set(found.map((r) => r.id));
      missing.push(...group.filter((r) => !have.has(r.id)));
    }
    return missing;
  }

  async getNodes(type: string, ids: readonly string[]): Promise<NodeRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.runner.read((tx) =>
      tx.run(
        `UNWIND $ids AS id MATCH (n:${label(this.schema, type)} {id: id}) RETURN n {.*} AS props`,
        {
          ids: [...ids],
        },
      ),
    );
    return rows.map((r) => toRecord(type, r.props));
  }

  async scanNodes(type: string, after: string | null, limit: number): Promise<NodeRecord[]> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new BadInputError('limit must be a positive integer');
    const rows = await this.runner.read((tx) =>
      tx.run(
        `MATCH (n:${label(this.schema, type)})
WHERE $after IS NULL OR n.id > $after
RETURN n {.*} AS props
ORDER BY n.id
LIMIT $limit`,
        { after, limit },
      ),
    );
    return rows.map((r) => toRecord(type, r.props));
  }

  async nodesInStates(
    type: string,
    states: readonly string[],
    limit: number,
  ): Promise<NodeRecord[]> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new BadInputError('limit must be a positive integer');
    const rows = await this.runner.read((tx) =>
      tx.run(
        `MATCH (n:${label(this.schema, type)})
WHERE n.state IN $states
RETURN n {.*} AS props
ORDER BY n.id
LIMIT $limit`,
        { states: [...states], limit },
      ),
    );
    return rows.map((r) => toRecord(type, r.props));
  }

  async faultSummaries(ids: readonly string[]): Promise<FaultSummary[]> {
    if (ids.length === 0) return [];
    const rows = await this.runner.read((tx) =>
      tx.run(`UNWIND $ids AS id\nMATCH (f:${this.q.Fault} {id: id})\n${this.summaryProjection()}`, {
        ids: unique([...ids]),
      }),
    );
    return rows.map(toSummary);
  }

  async scanFaultSummaries(after: string | null, limit: number): Promise<FaultSummary[]> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new BadInputError('limit must be a positive integer');
    const rows = await this.runner.read((tx) =>
      tx.run(
        `MATCH (f:${this.q.Fault})\nWHERE $after IS NULL OR f.id > $after\n${this.summaryProjection()}\nORDER BY f.id\nLIMIT $limit`,
        { after, limit },
      ),
    );
    return rows.map(toSummary);
  }

  private summaryProjection(): string {
    const q = this.q;
    return `RETURN f {.*} AS props,
  [(f)-[:${R.instanceOf}]->(c:${L.concept}) | c.id] AS concepts,
  [(f)-[:${q.AFFECTS}]->(:${q.Component})-[:${R.instanceOf}]->(c:${L.concept}) | c.id] +
  [(f)-[:${q.HAS_CAUSE}]->(:${q.Cause})-[:${R.instanceOf}]->(c:${L.concept}) | c.id] +
  [(f)-[:${q.RESOLVED_BY}]->(:${q.Solution})-[:${R.instanceOf}]->(c:${L.concept}) | c.id] AS relatedConcepts,
  COUNT { (f)<-[:${q.REPORTS}]-(:${q.Case}) } AS caseCount`;
  }

  async loadFaults(ids: readonly string[]): Promise<FaultRecord[]> {
    if (ids.length === 0) return [];
    const q = this.q;
    return this.runner.read(async (tx) => {
      const faultRows = await tx.run(
        `UNWIND $ids AS id
MATCH (f:${q.Fault} {id: id})
RETURN f {.*} AS props,
  [(f)-[:${R.instanceOf}]->(c:${L.concept}) | c.id] AS concepts,
  [(f)-[:${q.AFFECTS}]->(m:${q.Component}) | m.id] AS components,
  [(f)<-[:${q.REPORTS}]-(k:${q.Case}) | k.id] AS cases,
  [(f)-[:${q.HAS_CAUSE}]->(c:${q.Cause}) | c.id] AS causeIds,
  [(f)-[:${q.RESOLVED_BY}]->(s:${q.Solution}) | s.id] AS solutionIds`,
        { ids: [...ids] },
      );
      const causeIds = unique(faultRows.flatMap((r) => strings(r.causeIds)));
      const causeRows =
        causeIds.length === 0
          ? []
          : await tx.run(
              `UNWIND $ids AS id
MATCH (c:${q.Cause} {id: id})
RETURN c {.*} AS props,
  [(c)-[:${R.instanceOf}]->(x:${L.concept}) | x.id] AS concepts,
  [(c)<-[:${q.IDENTIFIED}]-(k:${q.Case}) | k.id] AS cases,
  [(c)-[:${q.RESOLVED_BY}]->(s:${q.Solution}) | s.id] AS solutionIds`,
              { ids: causeIds },
            );
      const solutionIds = unique([
        ...faultRows.flatMap((r) => strings(r.solutionIds)),
        ...causeRows.flatMap((r) => strings(r.solutionIds)),
      ]);
      const solutionRows =
        solutionIds.length === 0
          ? []
          : await tx.run(
              `UNWIND $ids AS id
MATCH (s:${q.Solution} {id: id})
RETURN s {.*} AS props,
  [(s)-[:${R.instanceOf}]->(x:${L.concept}) | x.id] AS concepts,
  [(s)<-[:${q.APPLIED}]-(k:${q.Case}) | k.id] AS cases`,
              { ids: solutionIds },
            );
      const solutions = new Map<string, SolutionRecord>();
      for (const r of solutionRows) {
        const base = toRecord('Solution', r.props);
        solutions.set(base.id, { ...base, concepts: sorted(r.concepts), cases: sorted(r.cases) });
      }
      const pick = (idList: unknown): SolutionRecord[] =>
        sorted(idList).flatMap((id) => (solutions.has(id) ? [solutions.get(id)!] : []));
      const causes = new Map<string, CauseRecord>();
      for (const r of causeRows) {
        const base = toRecord('Cause', r.props);
        causes.set(base.id, {
          ...base,
          concepts: sorted(r.concepts),
          cases: sorted(r.cases),
          solutions: pick(r.solutionIds),
        });
      }
      const byId = new Map<string, FaultRecord>();
      for (const r of faultRows) {
        const base = toRecord('Fault', r.props);
        byId.set(base.id, {
          ...base,
          concepts: sorted(r.concepts),
          components: sorted(r.components),
          cases: sorted(r.cases),
          causes: sorted(r.causeIds).flatMap((id) => (causes.has(id) ? [causes.get(id)!] : [])),
          solutions: pick(r.solutionIds),
        });
      }
      // Keep the caller's order (UNWIND row order is not guaranteed by every engine).
      return unique([...ids]).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
    });
  }

  async walkConcepts(
    ids: readonly string[],
    direction: 'ancestors' | 'descendants',
    maxDepth: number,
  ): Promise<ConceptStep[]> {
    if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_WALK_DEPTH) {
      throw new BadInputError(`maxDepth must be an integer from 1 to ${MAX_WALK_DEPTH}`);
    }
    if (ids.length === 0) return [];
    const pattern =
      direction === 'ancestors'
        ? `(c:${L.concept} {id: start})-[:${R.isA}*1..${MAX_WALK_DEPTH}]->(a:${L.concept})`
        : `(c:${L.concept} {id: start})<-[:${R.isA}*1..${MAX_WALK_DEPTH}]-(a:${L.concept})`;
    const rows = await this.runner.read((tx) =>
      tx.run(
        `UNWIND $ids AS start
MATCH p = ${pattern}
WITH start, a.id AS id, min(length(p)) AS depth
WHERE depth <= $maxDepth
RETURN start AS from, id, depth
ORDER BY from, depth, id`,
        { ids: [...ids], maxDepth },
      ),
    );
    return rows.map((r) => ({ from: String(r.from), id: String(r.id), depth: num(r.depth) }));
  }

  async neighbours(
    type: string,
    ids: readonly string[],
    relation: string,
    direction: 'out' | 'in',
  ): Promise<Neighbour[]> {
    if (ids.length === 0) return [];
    const rel = relType(this.schema, relation);
    const pattern = direction === 'out' ? `(n)-[:${rel}]->(o)` : `(n)<-[:${rel}]-(o)`;
    const rows = await this.runner.read((tx) =>
      tx.run(
        `UNWIND $ids AS id
MATCH (n:${label(this.schema, type)} {id: id})
MATCH ${pattern}
RETURN id, labels(o) AS labels, o.id AS other
ORDER BY id, other`,
        { ids: unique([...ids]) },
      ),
    );
    return rows.map((r) => ({
      id: str(r.id),
      other: { type: strings(r.labels)[0] ?? '', id: str(r.other) },
    }));
  }

  async evidence(
    type: string,
    ids: readonly string[],
    relation: string,
  ): Promise<{ id: string; caseId: string; props: Props }[]> {
    if (ids.length === 0) return [];
    const rows = await this.runner.read((tx) =>
      tx.run(
        `UNWIND $ids AS id
MATCH (n:${label(this.schema, type)} {id: id})<-[r:${relType(this.schema, relation)}]-(k:${this.q.Case})
RETURN id, k.id AS caseId, properties(r) AS props
ORDER BY id, caseId`,
        { ids: unique([...ids]) },
      ),
    );
    return rows.map((r) => ({
      id: str(r.id),
      caseId: str(r.caseId),
      props: (r.props ?? {}) as Props,
    }));
  }

  async customerCases(customerId: string, since: string): Promise<CustomerCase[]> {
    const q = this.q;
    const rows = await this.runner.read((tx) =>
      tx.run(
        `MATCH (k:${q.Case} {customerId: $customerId})
WHERE k.createdAt >= $since
RETURN k.id AS id, k.createdAt AS createdAt, [(k)-[:${q.REPORTS}]->(f:${q.Fault}) | f.id] AS faults
ORDER BY createdAt, id`,
        { customerId, since },
      ),
    );
    return rows.map((r) => ({
      id: str(r.id),
      createdAt: str(r.createdAt),
      faults: sorted(r.faults),
    }));
  }

  async recordOutcome(
    solutionId: string,
    outcome: Outcome,
    caseId: string | null,
  ): Promise<{ counts: OutcomeCounts; touched: NodeRef[] } | null> {
    const q = this.q;
    return this.runner.write(async (tx) => {
      const [s] = await tx.run(`MATCH (s:${q.Solution} {id: $id}) RETURN s.id AS id`, {
        id: solutionId,
      });
      if (!s) return null;
      const touched: NodeRef[] = [{ type: 'Solution', id: solutionId }];
      let previous: Outcome | null = null;
      if (caseId !== null) {
        const [k] = await tx.run(
          `MATCH (k:${q.Case} {id: $caseId})
RETURN [(k)-[r:${q.APPLIED}]->(s:${q.Solution}) WHERE s.id = $id | r.outcome] AS outcomes`,
          { caseId, id: solutionId },
        );
        if (!k) return null;
        touched.push({ type: 'Case', id: caseId });
        const prior = strings(k.outcomes)[0];
        previous =
          prior === 'HELPFUL' || prior === 'NOT_HELPFUL' || prior === 'REOPENED' ? prior : null;
        if (previous !== outcome) {
          await tx.run(
            `MATCH (k:${q.Case} {id: $caseId})
MATCH (s:${q.Solution} {id: $id})
MERGE (k)-[r:${q.APPLIED}]->(s)
SET r.outcome = $outcome, r.outcomeAt = $at`,
            { caseId, id: solutionId, outcome, at: this.now().toISOString() },
          );
        }
      }
      const delta = (o: Outcome) =>
        caseId !== null && previous === outcome
          ? 0
          : (outcome === o ? 1 : 0) - (previous === o ? 1 : 0);
      if (delta('HELPFUL') !== 0) {
        await tx.run(
          `MERGE (d:${L.usageDay} {day: $day})
SET d.helpful = coalesce(d.helpful, 0) + $helpful`,
          { day: this.now().toISOString().slice(0, 10), helpful: delta('HELPFUL') },
        );
      }
      const [c] = await tx.run(
        `MATCH (s:${q.Solution} {id: $id})
SET s.helpful = coalesce(s.helpful, 0) + $helpful,
  s.notHelpful = coalesce(s.notHelpful, 0) + $notHelpful,
  s.reopened = coalesce(s.reopened, 0) + $reopened
RETURN s.helpful AS helpful, s.notHelpful AS notHelpful, s.reopened AS reopened`,
        {
          id: solutionId,
          helpful: delta('HELPFUL'),
          notHelpful: delta('NOT_HELPFUL'),
          reopened: delta('REOPENED'),
        },
      );
      return {
        counts: {
          helpful: num(c?.helpful),
          notHelpful: num(c?.notHelpful),
          reopened: num(c?.reopened),
        },
        touched,
      };
    });
  }

  async metricCases(from: string, until: string): Promise<MetricCase[]> {
    const q = this.q;
    return this.runner.read(async (tx) => {
      const cases = await tx.run(
        `MATCH (k:${q.Case})
WHERE k.createdAt >= $from AND k.createdAt <= $until
RETURN k.id AS id, k.createdAt AS createdAt, k.customerId AS customerId, k.product AS product,
  k.subject AS subject
ORDER BY createdAt, id`,
        { from, until },
      );
      const links = await tx.run(
        `MATCH (k:${q.Case})
WHERE k.createdAt >= $from AND k.createdAt <= $until
MATCH (k)-[r:${q.REPORTS}]->(f:${q.Fault})
RETURN k.id AS caseId, f.id AS faultId, r.mode AS mode, f.state AS state, f.product AS product
ORDER BY caseId, faultId`,
        { from, until },
      );
      const reports = new Map<string, MetricReport[]>();
      for (const l of links) {
        const list = reports.get(str(l.caseId)) ?? [];
        list.push({
          faultId: str(l.faultId),
          mode: optStr(l.mode),
          state: optStr(l.state),
          product: optStr(l.product),
        });
        reports.set(str(l.caseId), list);
      }
      return cases.map((c) => ({
        id: str(c.id),
        createdAt: str(c.createdAt),
        customerId: optStr(c.customerId),
        product: optStr(c.product),
        subject: optStr(c.subject),
        reports: reports.get(str(c.id)) ?? [],
      }));
    });
  }

  async addUsage(counts: readonly UsageCounts[]): Promise<void> {
    const rows = counts.filter(
      (c) => c.questions !== 0 || c.answersServed !== 0 || c.helpful !== 0,
    );
    if (rows.length === 0) return;
    await this.runner.write((tx) =>
      tx.run(
        `UNWIND $rows AS row
MERGE (d:${L.usageDay} {day: row.day})
SET d.questions = coalesce(d.questions, 0) + row.questions,
  d.answersServed = coalesce(d.answersServed, 0) + row.answersServed,
  d.helpful = coalesce(d.helpful, 0) + row.helpful`,
        {
          rows: rows.map((c) => ({
            day: c.day,
            questions: c.questions,
            answersServed: c.answersServed,
            helpful: c.helpful,
          })),
        },
      ),
    );
  }

  async usage(fromDay: string, toDay: string): Promise<UsageCounts[]> {
    const rows = await this.runner.read((tx) =>
      tx.run(
        `MATCH (d:${L.usageDay})
WHERE d.day >= $fromDay AND d.day <= $toDay
RETURN d.day AS day, d.questions AS questions, d.answersServed AS answersServed, d.helpful AS helpful
ORDER BY day`,
        { fromDay, toDay },
      ),
    );
    return rows.map((r) => ({
      day: str(r.day),
      questions: num(r.questions),
      answersServed: num(r.answersServed),
      helpful: num(r.helpful),
    }));
  }

  async counts(): Promise<GraphCounts> {
    return this.runner.read(async (tx) => {
      const nodeRows = await tx.run(
        `MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n`,
      );
      const edgeRows = await tx.run(`MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n`);
      return {
        nodes: countMap(nodeRows, 'label'),
        edges: countMap(edgeRows, 'type'),
      };
    });
  }

  async retractCase(id: string): Promise<{ archived: NodeRef[]; touched: NodeRef[] } | null> {
    const q = this.q;
    return this.runner.write(async (tx) => {
      const [found] = await tx.run(
        `MATCH (k:${q.Case} {id: $id})
RETURN [(k)-[:${q.REPORTS}]->(f:${q.Fault}) | f.id] AS faults,
  [(k)-[:${q.IDENTIFIED}]->(c:${q.Cause}) | c.id] AS causes,
  [(k)-[:${q.APPLIED}]->(s:${q.Solution}) | s.id] AS solutions`,
        { id },
      );
      if (!found) return null;
      await tx.run(`MATCH (k:${q.Case} {id: $id}) DETACH DELETE k`, { id });
      const touched: NodeRef[] = [{ type: 'Case', id }];
      const archived: NodeRef[] = [];
      const evidence: [string, string, unknown][] = [
        ['Fault', 'REPORTS', found.faults],
        ['Cause', 'IDENTIFIED', found.causes],
        ['Solution', 'APPLIED', found.solutions],
      ];
      for (const [type, rel, idList] of evidence) {
        const factIds = sorted(idList);
        touched.push(...factIds.map((x) => ({ type, id: x })));
        if (factIds.length === 0) continue;
        const rows = await tx.run(
          `UNWIND $ids AS id
MATCH (x:${label(this.schema, type)} {id: id})
WHERE NOT EXISTS { MATCH (x)<-[:${relType(this.schema, rel)}]-(:${q.Case}) }
SET x.state = 'ARCHIVED'
RETURN x.id AS id`,
          { ids: factIds },
        );
        archived.push(...rows.map((r) => ({ type, id: String(r.id) })));
      }
      return { archived, touched };
    });
  }

  async readOntology(): Promise<OntologyState> {
    return this.runner.read(async (tx) => {
      const [v] = await tx.run(
        `MATCH (v:${L.version} {id: 'current'}) RETURN v.version AS version, v.languages AS languages`,
      );
      const languages = strings(v?.languages);
      const types = await tx.run(
        `MATCH (t:${L.entityType})
RETURN t.name AS name, t.description AS description, t.properties AS properties
ORDER BY name`,
      );
      const rels = await tx.run(
        `MATCH (r:${L.relationType})
RETURN r.name AS name, r.description AS description, r.cardinality AS cardinality,
  [(r)-[:${R.domain}]->(t:${L.entityType}) | t.name] AS from,
  [(r)-[:${R.range}]->(t:${L.entityType}) | t.name] AS to
ORDER BY name`,
      );
      const concepts = await tx.run(
        `MATCH (c:${L.concept})
RETURN c {.*} AS props,
  [(c)-[:${R.isA}]->(p:${L.concept}) | p.id] AS parents,
  COUNT { (c)<-[:${R.instanceOf}]-(x) } AS instances
ORDER BY c.id`,
      );
      return {
        version: typeof v?.version === 'string' ? v.version : null,
        languages,
        entities: types.map((t) => ({
          name: String(t.name),
          description: str(t.description),
          properties: str(t.properties, '[]'),
        })),
        relations: rels.map((r) => ({
          name: String(r.name),
          description: str(r.description),
          cardinality: String(r.cardinality) as Cardinality,
          from: sorted(r.from),
          to: sorted(r.to),
        })),
        concepts: concepts.map((c) =>
          conceptFromProps(c.props as Row, sorted(c.parents), languages),
        ),
        instanceCounts: Object.fromEntries(
          concepts
            .filter((c) => num(c.instances) > 0)
            .map((c) => [String((c.props as Row).id), num(c.instances)]),
        ),
      };
    });
  }

  async applyOntology(w: OntologyWrite): Promise<void> {
    await this.runner.write(async (tx) => {
      if (w.upsertEntities.length > 0) {
        await tx.run(
          `UNWIND $rows AS row
MERGE (t:${L.entityType} {name: row.name})
SET t.description = row.description, t.properties = row.properties`,
          { rows: w.upsertEntities },
        );
      }
      if (w.upsertRelations.length > 0) {
        const rows = w.upsertRelations.map((r) => ({
          name: r.name,
          description: r.description,
          cardinality: r.cardinality,
        }));
        await tx.run(
          `UNWIND $rows AS row
MERGE (r:${L.relationType} {name: row.name})
SET r.description = row.description, r.cardinality = row.cardinality`,
          { rows },
        );
        const names = { names: w.upsertRelations.map((r) => r.name) };
        await tx.run(
          `UNWIND $names AS name MATCH (r:${L.relationType} {name: name})-[e:${R.domain}]->() DELETE e`,
          names,
        );
        await tx.run(
          `UNWIND $names AS name MATCH (r:${L.relationType} {name: name})-[e:${R.range}]->() DELETE e`,
          names,
        );
        const ends = (pick: 'from' | 'to') => ({
          rows: w.upsertRelations.flatMap((r) => r[pick].map((t) => ({ rel: r.name, type: t }))),
        });
        await tx.run(
          `UNWIND $rows AS row
MATCH (r:${L.relationType} {name: row.rel})
MATCH (t:${L.entityType} {name: row.type})
MERGE (r)-[:${R.domain}]->(t)`,
          ends('from'),
        );
        await tx.run(
          `UNWIND $rows AS row
MATCH (r:${L.relationType} {name: row.rel})
MATCH (t:${L.entityType} {name: row.type})
MERGE (r)-[:${R.range}]->(t)`,
          ends('to'),
        );
      }
      if (w.upsertConcepts.length > 0) {
        await tx.run(
          `UNWIND $rows AS row
MERGE (c:${L.concept} {id: row.id})
SET c += row.props`,
          {
            rows: w.upsertConcepts.map((c) => ({ id: c.id, props: conceptProps(c, w.languages) })),
          },
        );
        const ids = { ids: w.upsertConcepts.map((c) => c.id) };
        await tx.run(
          `UNWIND $ids AS id MATCH (c:${L.concept} {id: id})-[e:${R.isA}]->() DELETE e`,
          ids,
        );
        await tx.run(
          `UNWIND $ids AS id MATCH (c:${L.concept} {id: id})-[e:${R.refines}]->() DELETE e`,
          ids,
        );
        await tx.run(
          `UNWIND $rows AS row
MATCH (c:${L.concept} {id: row.id})
MATCH (p:${L.concept} {id: row.parent})
MERGE (c)-[:${R.isA}]->(p)`,
          {
            rows: w.upsertConcepts.flatMap((c) => c.parents.map((p) => ({ id: c.id, parent: p }))),
          },
        );
        await tx.run(
          `UNWIND $rows AS row
MATCH (c:${L.concept} {id: row.id})
MATCH (t:${L.entityType} {name: row.type})
MERGE (c)-[:${R.refines}]->(t)`,
          { rows: w.upsertConcepts.map((c) => ({ id: c.id, type: c.type })) },
        );
      }
      if (w.reassign.length > 0) {
        await tx.run(
          `UNWIND $rows AS row
MATCH (:${L.concept} {id: row.from})<-[old:${R.instanceOf}]-(x)
MATCH (n:${L.concept} {id: row.to})
MERGE (x)-[:${R.instanceOf}]->(n)
DELETE old`,
          { rows: w.reassign },
        );
      }
      if (w.removeConcepts.length > 0) {
        await tx.run(`UNWIND $ids AS id MATCH (c:${L.concept} {id: id}) DETACH DELETE c`, {
          ids: w.removeConcepts,
        });
      }
      if (w.removeRelations.length > 0) {
        await tx.run(
          `UNWIND $names AS name MATCH (r:${L.relationType} {name: name}) DETACH DELETE r`,
          {
            names: w.removeRelations,
          },
        );
      }
      if (w.removeEntities.length > 0) {
        await tx.run(
          `UNWIND $names AS name MATCH (t:${L.entityType} {name: name}) DETACH DELETE t`,
          {
            names: w.removeEntities,
          },
        );
      }
      await tx.run(
        `MERGE (v:${L.version} {id: 'current'})
SET v.version = $version, v.languages = $languages, v.appliedAt = $at`,
        { version: w.version, languages: w.languages, at: this.now().toISOString() },
      );
    });
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}

/** Quoted labels / relationship types the domain queries need; fails fast if the ontology lacks one. */
function domainLabels(schema: GraphSchema) {
  return {
    Fault: label(schema, 'Fault'),
    Cause: label(schema, 'Cause'),
    Solution: label(schema, 'Solution'),
    Component: label(schema, 'Component'),
    Case: label(schema, 'Case'),
    HAS_CAUSE: relType(schema, 'HAS_CAUSE'),
    RESOLVED_BY: relType(schema, 'RESOLVED_BY'),
    AFFECTS: relType(schema, 'AFFECTS'),
    REPORTS: relType(schema, 'REPORTS'),
    IDENTIFIED: relType(schema, 'IDENTIFIED'),
    APPLIED: relType(schema, 'APPLIED'),
  };
}

/** Concept node properties: `type`, `label`, and per language `label_<lang>`, `aliases_<lang>`. */
export function conceptProps(c: StoredConcept, languages: readonly string[]): Props {
  const props: Props = {
    type: c.type,
    label: languages.map((l) => c.labels[l]).find(Boolean) ?? c.id,
  };
  for (const lang of languages) {
    props[`label_${lang}`] = c.labels[lang] ?? null;
    props[`aliases_${lang}`] = c.aliases[lang] ?? [];
  }
  return props;
}

function conceptFromProps(
  props: Row,
  parents: string[],
  languages: readonly string[],
): StoredConcept {
  const labels: Record<string, string> = {};
  const aliases: Record<string, string[]> = {};
  for (const lang of languages) {
    const l = props[`label_${lang}`];
    if (typeof l === 'string') labels[lang] = l;
    aliases[lang] = strings(props[`aliases_${lang}`]);
  }
  return { id: String(props.id), type: str(props.type), labels, aliases, parents };
}

function toRecord(type: string, raw: unknown): NodeRecord {
  const { id, ...props } = (raw ?? {}) as Record<string, unknown>;
  // Engines differ on absent properties in `{.*}` (Grafeo may list them as null): drop nulls.
  const clean = Object.fromEntries(
    Object.entries(props).filter(([, v]) => v !== null && v !== undefined),
  );
  return { type, id: String(id), props: clean as Props };
}

/** Changesets are stored flat: lists of refs as JSON strings (Neo4j has no map properties). */
function changesetProps(c: ChangesetRecord): Props {
  return {
    run: c.run,
    source: c.source,
    createdAt: c.createdAt,
    state: c.state,
    summary: JSON.stringify(c.summary),
    created: JSON.stringify(c.created),
    linked: JSON.stringify(c.linked),
    changed: JSON.stringify(c.changed),
  };
}

function changesetFrom(p: Row): ChangesetRecord {
  const json = <T>(v: unknown, d: T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : d);
  return {
    id: str(p.id),
    run: str(p.run),
    source: str(p.source),
    createdAt: str(p.createdAt),
    state: p.state === 'reverted' ? 'reverted' : 'applied',
    summary: json(p.summary, {}),
    created: json(p.created, []),
    linked: json(p.linked, []),
    changed: json(p.changed, []),
  };
}

function toSummary(r: Row): FaultSummary {
  return {
    ...toRecord('Fault', r.props),
    concepts: sorted(r.concepts),
    relatedConcepts: sorted(r.relatedConcepts),
    caseCount: num(r.caseCount),
  };
}

function isToOne(schema: GraphSchema, rel: string): boolean {
  const c = schema.relations.find((r) => r.name === rel)?.cardinality;
  return c === 'one-to-one' || c === 'many-to-one';
}

function dedupeNodes(nodes: readonly NodeUpsert[]): NodeUpsert[] {
  const byKey = new Map<string, NodeUpsert>();
  for (const n of nodes) {
    const key = `${n.type}\u0000${n.id}`;
    const prev = byKey.get(key);
    byKey.set(key, prev ? { ...n, props: { ...prev.props, ...n.props } } : n);
  }
  return [...byKey.values()];
}

/** Same link twice: later props win. A to-one relation keeps only the last link per source. */
function dedupeLinks(links: readonly LinkUpsert[], schema: GraphSchema): LinkUpsert[] {
  const byKey = new Map<string, LinkUpsert>();
  for (const l of links) {
    const key = isToOne(schema, l.type)
      ? `${l.type}\u0000${l.from.type}\u0000${l.from.id}`
      : `${linkShape(l)}\u0000${l.from.id}\u0000${l.to.id}`;
    const prev = byKey.get(key);
    if (prev && prev.to.id === l.to.id && prev.to.type === l.to.type) {
      byKey.set(key, { ...l, props: { ...prev.props, ...l.props } });
    } else {
      byKey.delete(key);
      byKey.set(key, l);
    }
  }
  return [...byKey.values()];
}

function linkShape(l: LinkRef): string {
  return `${l.type}\u0000${l.from.type}\u0000${l.to.type}`;
}

function touchedBy(
  nodes: readonly NodeRef[],
  links: readonly LinkRef[],
  unlinks: readonly LinkRef[],
  deletes: readonly NodeRef[],
): NodeRef[] {
  return uniqueRefs([
    ...nodes.map(({ type, id }) => ({ type, id })),
    ...links.flatMap((l) => [l.from, l.to]),
    ...unlinks.flatMap((l) => [l.from, l.to]),
    ...deletes,
  ]);
}

function uniqueRefs(refs: readonly NodeRef[]): NodeRef[] {
  const seen = new Map<string, NodeRef>();
  for (const r of refs) seen.set(`${r.type}\u0000${r.id}`, { type: r.type, id: r.id });
  return [...seen.values()];
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function countMap(rows: readonly Row[], key: string): Record<string, number> {
  const pairs = rows.map((r): [string, number] => [str(r[key]), num(r.n)]);
  return Object.fromEntries(pairs.sort((a, b) => a[0].localeCompare(b[0])));
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

function optStr(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function sorted(v: unknown): string[] {
  return unique(strings(v)).sort();
}

function unique(v: readonly string[]): string[] {
  return [...new Set(v)];
}
