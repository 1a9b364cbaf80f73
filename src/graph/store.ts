import type { Cardinality } from './ontology/model.js';

/**
 * The store port: the domain operations the service needs from a graph, never query strings.
 * Implemented by `CypherStore` over a `CypherRunner` (Neo4j or the embedded Grafeo engine).
 */

export type Scalar = string | number | boolean | null;
/** Values a node or edge property can hold in both Neo4j and Grafeo (no nested maps). */
export type PropValue = Scalar | string[] | number[];
export type Props = Record<string, PropValue>;

/** A node is identified by its entity type (label) and its `id`, unique per type. */
export interface NodeRef {
  type: string;
  id: string;
}

export interface NodeUpsert extends NodeRef {
  /** Properties to set; `null` removes a property. Unnamed properties are left as they are. */
  props: Props;
}

export interface LinkRef {
  /** Relation type from the ontology, e.g. `HAS_CAUSE`. */
  type: string;
  from: NodeRef;
  to: NodeRef;
}

export interface LinkUpsert extends LinkRef {
  props?: Props;
}

/** One transaction's worth of writes. Applied in this order: nodes, links, unlinks, deletes. */
export interface WriteBatch {
  nodes?: NodeUpsert[];
  links?: LinkUpsert[];
  unlinks?: LinkRef[];
  deletes?: NodeRef[];
}

export interface ApplyResult {
  nodesCreated: number;
  nodesUpdated: number;
  linksMerged: number;
  linksRemoved: number;
  nodesDeleted: number;
  /** Every node the batch wrote, linked, unlinked or deleted (for cache invalidation). */
  touched: NodeRef[];
}

export interface NodeRecord {
  type: string;
  id: string;
  props: Props;
}

export interface SolutionRecord extends NodeRecord {
  concepts: string[];
  /** Ids of the cases that applied this solution (evidence). */
  cases: string[];
}

export interface CauseRecord extends NodeRecord {
  concepts: string[];
  /** Ids of the cases that established this cause. */
  cases: string[];
  solutions: SolutionRecord[];
}

/** A fault with everything an answer needs, loaded in a bounded number of queries. */
export interface FaultRecord extends NodeRecord {
  concepts: string[];
  components: string[];
  /** Ids of the cases that report this fault. */
  cases: string[];
  causes: CauseRecord[];
  /** Solutions linked directly to the fault (RESOLVED_BY). */
  solutions: SolutionRecord[];
}

export interface ConceptStep {
  /** The concept the walk started from. */
  from: string;
  /** A concept reached. */
  id: string;
  /** Shortest number of IS_A hops from `from` to `id` (≥ 1). */
  depth: number;
}

export interface GraphCounts {
  /** Node count per label. */
  nodes: Record<string, number>;
  /** Edge count per relationship type. */
  edges: Record<string, number>;
}

/** What the answer index needs of a fault, read in bulk. */
export interface FaultSummary extends NodeRecord {
  /** The fault's own concepts (INSTANCE_OF). */
  concepts: string[];
  /** Concepts of its components, causes and solutions. */
  relatedConcepts: string[];
  /** Number of cases that report it. */
  caseCount: number;
}

/** A concept as stored in the graph (tier 2). */
export interface StoredConcept {
  id: string;
  type: string;
  labels: Record<string, string>;
  aliases: Record<string, string[]>;
  parents: string[];
}

export interface StoredEntityType {
  name: string;
  description: string;
  /** JSON of the property definitions, as the ontology declared them. */
  properties: string;
}

export interface StoredRelationType {
  name: string;
  description: string;
  from: string[];
  to: string[];
  cardinality: Cardinality;
}

/** The ontology tiers as they are in the graph now (what `plan` compares the files against). */
export interface OntologyState {
  version: string | null;
  languages: string[];
  entities: StoredEntityType[];
  relations: StoredRelationType[];
  concepts: StoredConcept[];
  /** Number of INSTANCE_OF edges into each concept. */
  instanceCounts: Record<string, number>;
}

/** What `applyOntology` writes, computed by the ontology planner. */
export interface OntologyWrite {
  version: string;
  languages: string[];
  upsertEntities: StoredEntityType[];
  removeEntities: string[];
  upsertRelations: StoredRelationType[];
  removeRelations: string[];
  upsertConcepts: StoredConcept[];
  removeConcepts: string[];
  /** Move INSTANCE_OF edges from a removed concept to another before removing it. */
  reassign: { from: string; to: string }[];
}

/** A link from a node to a neighbour, as `neighbours` returns it. */
export interface Neighbour {
  /** The node the lookup started from. */
  id: string;
  other: NodeRef;
}

/** A customer's case with the faults it reports (repeat-inquiry detection). */
export interface CustomerCase {
  id: string;
  createdAt: string;
  faults: string[];
}

export type Outcome = 'HELPFUL' | 'NOT_HELPFUL' | 'REOPENED';

/** A case with what the operational metrics need (`metricCases`). */
export interface MetricCase {
  id: string;
  createdAt: string;
  customerId: string | null;
  /** The product as the ticket named it. */
  product: string | null;
  /** The masked subject (the only ticket text the graph keeps). */
  subject: string | null;
  /** The faults it reports, by fault id. */
  reports: MetricReport[];
}

/** One REPORTS link of a case, as the metrics read it. */
export interface MetricReport {
  faultId: string;
  /** How extraction linked the case: `create` (no existing fault matched), `merge`, or null (seed, curated). */
  mode: string | null;
  /** The fault's KCS state (null: NOT_VALIDATED by default). */
  state: string | null;
  /** The fault's product id. */
  product: string | null;
}

/**
 * Usage counters of one UTC day (`YYYY-MM-DD`), kept in the graph so they survive restarts:
 * answer requests, answers served (with at least one candidate) and HELPFUL feedback (net of
 * feedback changed away from HELPFUL that day).
 */
export interface UsageCounts {
  day: string;
  questions: number;
  answersServed: number;
  helpful: number;
}

/** Solution outcome counters after feedback. */
export interface OutcomeCounts {
  helpful: number;
  notHelpful: number;
  reopened: number;
}

/** One extraction run's (or one batch's) record of what it wrote, so it can be undone exactly. */
export interface ChangesetRecord {
  id: string;
  /** The run this batch belongs to (a run has one changeset per committed batch). */
  run: string;
  source: string;
  createdAt: string;
  /** 'applied' or 'reverted'. */
  state: 'applied' | 'reverted';
  /** Counts for people: tickets imported, merged, skipped, quarantined; nodes created… */
  summary: Record<string, number>;
  /** Nodes this changeset created (deleted on revert). */
  created: NodeRef[];
  /** Links it created (removed on revert). */
  linked: LinkRef[];
  /** Properties of existing nodes as they were before it changed them (restored on revert). */
  changed: { ref: NodeRef; before: Props }[];
}

/** Where an import of one source got to; written in the same transaction as the batch. */
export interface Checkpoint {
  source: string;
  /** Physical line after the last committed record. */
  line: number;
  /** Highest (resolvedAt, id) committed, for reports. */
  watermark: { resolvedAt: string | null; id: string } | null;
  updatedAt: string;
}

export interface MigrationReport {
  /** Migration ids applied by this call. */
  applied: string[];
  /** Migration ids found already applied. */
  alreadyApplied: string[];
}

export interface GraphStore {
  /** `embedded` (Grafeo) or `neo4j`. */
  readonly kind: 'embedded' | 'neo4j';
  /** Cheapest round trip to the database (readiness checks). */
  ping(): Promise<void>;
  /** Creates constraints and indexes not yet created, and records which ran. Idempotent. */
  migrate(): Promise<MigrationReport>;
  /** Applies a batch of upserts, links, unlinks and deletes in one transaction. */
  apply(batch: WriteBatch): Promise<ApplyResult>;
  /**
   * Applies a batch, records its changeset and moves the source's checkpoint, all in one
   * transaction: either the knowledge, its undo record and the checkpoint commit, or none does.
   */
  applyWithChangeset(
    batch: WriteBatch,
    changeset: ChangesetRecord,
    checkpoint: Checkpoint | null,
  ): Promise<ApplyResult>;
  changesets(limit: number): Promise<ChangesetRecord[]>;
  changeset(id: string): Promise<ChangesetRecord | null>;
  /** Marks a changeset reverted (after its undo batch was applied). */
  setChangesetState(id: string, state: 'applied' | 'reverted'): Promise<void>;
  checkpoint(source: string): Promise<Checkpoint | null>;
  /** Nodes of one type by id (missing ids are left out). */
  getNodes(type: string, ids: readonly string[]): Promise<NodeRecord[]>;
  /** Pages through all nodes of a type in id order: ids greater than `after`, at most `limit`. */
  scanNodes(type: string, after: string | null, limit: number): Promise<NodeRecord[]>;
  /** Nodes of a type whose `state` is one of `states` (review queue), at most `limit`. */
  nodesInStates(type: string, states: readonly string[], limit: number): Promise<NodeRecord[]>;
  /** Index summaries of faults by id (missing ids are left out). */
  faultSummaries(ids: readonly string[]): Promise<FaultSummary[]>;
  /** Index summaries of all faults in id order, paged like `scanNodes`. */
  scanFaultSummaries(after: string | null, limit: number): Promise<FaultSummary[]>;
  /** Faults with causes, solutions, evidence and concepts (missing ids are left out). */
  loadFaults(ids: readonly string[]): Promise<FaultRecord[]>;
  /** Concepts reached by following IS_A up (`ancestors`) or down (`descendants`), ≤ maxDepth hops. */
  walkConcepts(
    ids: readonly string[],
    direction: 'ancestors' | 'descendants',
    maxDepth: number,
  ): Promise<ConceptStep[]>;
  /**
   * Nodes linked to the given nodes by one relation type, following it out of them (`out`) or
   * into them (`in`). Used for browsing links (batched by DataLoader).
   */
  neighbours(
    type: string,
    ids: readonly string[],
    relation: string,
    direction: 'out' | 'in',
  ): Promise<Neighbour[]>;
  /** Evidence links into facts: which case supports each, with the link's properties. */
  evidence(
    type: string,
    ids: readonly string[],
    relation: string,
  ): Promise<{ id: string; caseId: string; props: Props }[]>;
  /** A customer's cases created at or after `since` (ISO-8601), with the faults they report. */
  customerCases(customerId: string, since: string): Promise<CustomerCase[]>;
  /**
   * Records a solution outcome: bumps the solution's counters; with a case, also records the
   * outcome on that case's APPLIED link, once per (case, solution): a changed outcome moves the
   * count, a repeated one changes nothing. A change of the HELPFUL count is also added to the
   * day's usage counter (`usage`). Null when the solution (or the given case) is missing.
   */
  recordOutcome(
    solutionId: string,
    outcome: Outcome,
    caseId: string | null,
  ): Promise<{ counts: OutcomeCounts; touched: NodeRef[] } | null>;
  /**
   * Cases created in [from, until] (ISO-8601, compared as strings), oldest first, with the faults
   * they report. Cases without `createdAt` are left out.
   */
  metricCases(from: string, until: string): Promise<MetricCase[]>;
  /** Adds usage counts to the day counters (one write for many days). */
  addUsage(counts: readonly UsageCounts[]): Promise<void>;
  /** Usage counters of the days in [fromDay, toDay] (`YYYY-MM-DD`), oldest first. */
  usage(fromDay: string, toDay: string): Promise<UsageCounts[]>;
  /** Node counts per label and edge counts per relationship type. */
  counts(): Promise<GraphCounts>;
  /**
   * Removes a case and its evidence edges; facts (faults, causes, solutions) left with no evidence
   * are set to state ARCHIVED. Returns the touched nodes; `null` when the case does not exist.
   */
  retractCase(id: string): Promise<{ archived: NodeRef[]; touched: NodeRef[] } | null>;
  /** The ontology and concept tiers as stored. */
  readOntology(): Promise<OntologyState>;
  /** Writes ontology changes and stamps the version, in one transaction. */
  applyOntology(write: OntologyWrite): Promise<void>;
  close(): Promise<void>;
}

/** Tier of each label, for `kg stats`. */
export type Tier = 'ontology' | 'concept' | 'instance' | 'system';
