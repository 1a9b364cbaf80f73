import type { GraphQLResolveInfo } from 'graphql';
import type { GraphStats as GraphStatsModel } from '../../graph/bootstrap.js';
import type { OntologyState as OntologyStateModel, StoredEntityType as StoredEntityTypeModel, NodeRecord as NodeRecordModel, StoredConcept as StoredConceptModel, ChangesetRecord as ChangesetRecordModel } from '../../graph/store.js';
import type { Answer as AnswerModel, AnswerCandidate as AnswerCandidateModel } from '../../answer/answer-service.js';
import type { CacheStats as CacheStatsModel } from '../../answer/answer-cache.js';
import type { ReviewItem as ReviewItemModel } from '../../extract/curation.js';
import type { IngestResult as IngestResultModel } from '../../services.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

export type Answer = {
  __typename?: 'Answer';
  /** Whether the ranked part came from the answer cache. */
  cached: Scalars['Boolean']['output'];
  candidates: Array<Candidate>;
  /** Asked when the top candidates are close and differ on a concept. */
  clarifyingQuestion: Maybe<ClarifyingQuestion>;
  handoff: Handoff;
  lang: Lang;
  question: Scalars['String']['output'];
  /** Present when a customerId was given. */
  repeatInquiry: Maybe<RepeatInquiry>;
};

export type AnswerInput = {
  /** Enables the repeat-inquiry signal. */
  customerId?: InputMaybe<Scalars['String']['input']>;
  /** How many candidates (1 to 20). */
  first?: InputMaybe<Scalars['Int']['input']>;
  /** Language of the answer; detected from the question when absent. */
  lang?: InputMaybe<Lang>;
  /** Product id, product concept id, or product name (e.g. prod-cloud-server, cloud-server, 云服务器). */
  product?: InputMaybe<Scalars['String']['input']>;
  /** The customer's words, in Chinese or English (max 4000 characters). */
  question: Scalars['String']['input'];
};

export type CacheStats = {
  __typename?: 'CacheStats';
  evictions: Scalars['Int']['output'];
  hits: Scalars['Int']['output'];
  invalidations: Scalars['Int']['output'];
  max: Scalars['Int']['output'];
  misses: Scalars['Int']['output'];
  size: Scalars['Int']['output'];
  ttlMs: Scalars['Int']['output'];
};

export type Candidate = {
  __typename?: 'Candidate';
  /** The most likely cause (most supporting cases). */
  cause: Maybe<Cause>;
  /** From the fault's most specific concept up to its root, e.g. 电源模块 → 硬件故障 → 服务器宕机. */
  conceptPath: Array<ConceptLabel>;
  /** Calibrated probability that this is the right fault, in [0, 1]. */
  confidence: Scalars['Float']['output'];
  /** Number of cases reporting the fault. */
  evidenceCount: Scalars['Int']['output'];
  fault: Fault;
  /** Question terms and concept aliases that matched, each once and none that is part of another one listed. */
  matchedTerms: Array<Scalars['String']['output']>;
  /** Ids of the cases behind the fault (up to 20). */
  provenance: Array<Scalars['ID']['output']>;
  rank: Scalars['Int']['output'];
  /** Ranking score (comparable within one answer). */
  score: Scalars['Float']['output'];
  /** The recommended solution (outcome-weighted evidence). */
  solution: Maybe<Solution>;
  /** The recommended solution's steps, in the answer's language where available. */
  steps: Array<Scalars['String']['output']>;
  /** Smoothed share of good outcomes of the recommended solution. */
  successRate: Maybe<Scalars['Float']['output']>;
};

export type Case = {
  __typename?: 'Case';
  causes: Array<Cause>;
  createdAt: Maybe<Scalars['String']['output']>;
  customerId: Maybe<Scalars['String']['output']>;
  faults: Array<Fault>;
  id: Scalars['ID']['output'];
  lang: Maybe<Scalars['String']['output']>;
  product: Maybe<Scalars['String']['output']>;
  resolvedAt: Maybe<Scalars['String']['output']>;
  solutions: Array<Solution>;
  status: Maybe<Scalars['String']['output']>;
  subject: Maybe<Scalars['String']['output']>;
};

export type Cause = {
  __typename?: 'Cause';
  cases: Array<Case>;
  concepts: Array<Concept>;
  faults: Array<Fault>;
  id: Scalars['ID']['output'];
  solutions: Array<Solution>;
  state: Maybe<Scalars['String']['output']>;
  text: Scalars['String']['output'];
};


export type CauseTextArgs = {
  lang?: InputMaybe<Lang>;
};

export type Changeset = {
  __typename?: 'Changeset';
  /** Existing nodes whose properties it changed (put back on revert). */
  changed: Array<InstanceRef>;
  changedCount: Scalars['Int']['output'];
  created: Array<InstanceRef>;
  createdAt: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  linkCount: Scalars['Int']['output'];
  run: Scalars['String']['output'];
  source: Scalars['String']['output'];
  /** applied or reverted */
  state: Scalars['String']['output'];
  summary: Array<ReasonCount>;
};

export type ClarifyingOption = {
  __typename?: 'ClarifyingOption';
  conceptId: Maybe<Scalars['ID']['output']>;
  /** The candidates this answer narrows to. */
  faultIds: Array<Scalars['ID']['output']>;
  label: Scalars['String']['output'];
};

export type ClarifyingQuestion = {
  __typename?: 'ClarifyingQuestion';
  /** component, symptom or product */
  attribute: Scalars['String']['output'];
  informationGain: Scalars['Float']['output'];
  options: Array<ClarifyingOption>;
  text: Scalars['String']['output'];
};

export type Component = {
  __typename?: 'Component';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};


export type ComponentNameArgs = {
  lang?: InputMaybe<Lang>;
};

export type Concept = {
  __typename?: 'Concept';
  aliases: Array<LangTexts>;
  children: Array<Concept>;
  id: Scalars['ID']['output'];
  instanceCount: Scalars['Int']['output'];
  /** Instances (faults, causes, solutions, components, products) of this concept. */
  instances: Array<InstanceRef>;
  label: Scalars['String']['output'];
  labels: Array<LangText>;
  parents: Array<Concept>;
  /** The entity type it refines (Fault, Component, Product…). */
  type: Scalars['String']['output'];
};


export type ConceptInstancesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type ConceptLabelArgs = {
  lang?: InputMaybe<Lang>;
};

export type ConceptConnection = {
  __typename?: 'ConceptConnection';
  edges: Array<ConceptEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ConceptEdge = {
  __typename?: 'ConceptEdge';
  cursor: Scalars['String']['output'];
  node: Concept;
};

export type ConceptLabel = {
  __typename?: 'ConceptLabel';
  id: Scalars['ID']['output'];
  label: Scalars['String']['output'];
};

export type CoverageGap = {
  __typename?: 'CoverageGap';
  caseIds: Array<Scalars['ID']['output']>;
  count: Scalars['Int']['output'];
  examples: Array<Scalars['String']['output']>;
  label: Scalars['String']['output'];
};

export type Deflection = {
  __typename?: 'Deflection';
  answersServed: Scalars['Int']['output'];
  helpful: Scalars['Int']['output'];
  /** answer requests in the period (with or without candidates) */
  questions: Scalars['Int']['output'];
  /** helpful / answersServed (null when no answers were served) */
  rate: Maybe<Scalars['Float']['output']>;
};

export type EntityType = {
  __typename?: 'EntityType';
  description: Scalars['String']['output'];
  name: Scalars['String']['output'];
  properties: Array<PropertyDef>;
};

export type Fault = {
  __typename?: 'Fault';
  cases: Array<Case>;
  causes: Array<Cause>;
  components: Array<Component>;
  /** From the fault's most specific concept up to its root, e.g. 电源模块 → 硬件故障 → 服务器宕机. */
  conceptPath: Array<ConceptLabel>;
  concepts: Array<Concept>;
  id: Scalars['ID']['output'];
  /** Every phrasing the fault has collected. */
  phrasings: Array<Scalars['String']['output']>;
  product: Maybe<Scalars['String']['output']>;
  solutions: Array<Solution>;
  /** KCS state: WORK_IN_PROGRESS, NOT_VALIDATED, VALIDATED or ARCHIVED. */
  state: Maybe<Scalars['String']['output']>;
  title: Scalars['String']['output'];
};


export type FaultConceptPathArgs = {
  lang?: InputMaybe<Lang>;
};


export type FaultTitleArgs = {
  lang?: InputMaybe<Lang>;
};

export type GraphStats = {
  __typename?: 'GraphStats';
  edges: Array<LabelCount>;
  tiers: Array<TierCount>;
};

export type Handoff = {
  __typename?: 'Handoff';
  /** Complaint, refund or human-request phrases found in the question. */
  matchedTerms: Array<Scalars['String']['output']>;
  reasons: Array<HandoffReason>;
  recommended: Scalars['Boolean']['output'];
};

export type HandoffReason =
  | 'COMPLAINT'
  | 'HUMAN_REQUEST'
  | 'LOW_CONFIDENCE'
  | 'NO_ANSWER'
  | 'REFUND'
  | 'REPEAT_INQUIRY';

export type Health = {
  __typename?: 'Health';
  ok: Scalars['Boolean']['output'];
  /** embedded or neo4j */
  store: Scalars['String']['output'];
};

export type ImportSummary = {
  __typename?: 'ImportSummary';
  changesets: Array<Scalars['ID']['output']>;
  /** Set when too many records were bad. */
  failure: Maybe<Scalars['String']['output']>;
  /** Tickets that created new knowledge. */
  imported: Scalars['Int']['output'];
  /** Tickets merged into faults the graph already knew. */
  merged: Scalars['Int']['output'];
  quarantine: Array<QuarantinedRecord>;
  /** Records that could not be read (see quarantine). */
  quarantined: Scalars['Int']['output'];
  read: Scalars['Int']['output'];
  run: Scalars['ID']['output'];
  skipReasons: Array<ReasonCount>;
  skipped: Scalars['Int']['output'];
};

export type IngestInput = {
  /** Tickets, one JSON object per line (seed or shared-data schema), or CSV with a header row. */
  data: Scalars['String']['input'];
  format?: InputMaybe<TicketFormat>;
  /** Field map, e.g. subject=title,description=body,resolution=fix_notes */
  map?: InputMaybe<Scalars['String']['input']>;
};

export type InstanceRef = {
  __typename?: 'InstanceRef';
  id: Scalars['ID']['output'];
  type: Scalars['String']['output'];
};

export type LabelCount = {
  __typename?: 'LabelCount';
  count: Scalars['Int']['output'];
  name: Scalars['String']['output'];
};

export type Lang =
  | 'en'
  | 'zh';

export type LangText = {
  __typename?: 'LangText';
  lang: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

export type LangTexts = {
  __typename?: 'LangTexts';
  lang: Scalars['String']['output'];
  texts: Array<Scalars['String']['output']>;
};

export type LinkRate = {
  __typename?: 'LinkRate';
  cases: Scalars['Int']['output'];
  linked: Scalars['Int']['output'];
  rate: Maybe<Scalars['Float']['output']>;
  /** reused / cases */
  reuseRate: Maybe<Scalars['Float']['output']>;
  /** cases linked to a fault that existed before them (knowledge reused, not newly created) */
  reused: Scalars['Int']['output'];
};

export type Metrics = {
  __typename?: 'Metrics';
  /** cases created in [since, until] */
  cases: Scalars['Int']['output'];
  /** cases that name a customer (only those can be repeats) */
  casesWithCustomer: Scalars['Int']['output'];
  /** clusters of recent tickets that matched no fault, biggest first */
  coverageGaps: Array<CoverageGap>;
  deflection: Deflection;
  /** every product and fault whose rate passes the threshold */
  flagged: Array<RateBucket>;
  generatedAt: Scalars['String']['output'];
  linkRate: LinkRate;
  repeatByFault: Array<RateBucket>;
  repeatByProduct: Array<RateBucket>;
  /** one bucket per ISO week (key = Monday's date, YYYY-MM-DD), oldest first */
  repeatByWeek: Array<RateBucket>;
  repeatRate: Maybe<Scalars['Float']['output']>;
  /** cases whose customer had a case on the same fault within the window before it */
  repeats: Scalars['Int']['output'];
  since: Scalars['String']['output'];
  threshold: Scalars['Float']['output'];
  /** faults that cause the most repeats, most first */
  topRepeatFaults: Array<RateBucket>;
  until: Scalars['String']['output'];
  windowDays: Scalars['Int']['output'];
};

export type MetricsInput = {
  /** most faults in repeatByFault (most repeats first); default 200 (1-5000) */
  maxFaults?: InputMaybe<Scalars['Int']['input']>;
  /** flag only products/faults with at least this many cases in the period; default 1 */
  minCases?: InputMaybe<Scalars['Int']['input']>;
  /** restrict to one product id */
  product?: InputMaybe<Scalars['String']['input']>;
  /** ISO date; default: 12 weeks before `until` */
  since?: InputMaybe<Scalars['String']['input']>;
  /** flag products/faults whose repeat-inquiry rate is above this share; default 0.25 */
  threshold?: InputMaybe<Scalars['Float']['input']>;
  /** how many top repeat faults and coverage gaps to return; default 10 (1-100) */
  top?: InputMaybe<Scalars['Int']['input']>;
  /** ISO date; default: now */
  until?: InputMaybe<Scalars['String']['input']>;
  /** repeat window in days; default: config answer repeat window (7) */
  windowDays?: InputMaybe<Scalars['Int']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Import a small batch of resolved tickets (JSONL or CSV text) through the extraction job. Role: importer. */
  ingestTickets: ImportSummary;
  /** Record how a recommended solution worked out; updates its success rate. Role: bot or above. */
  recordFeedback: Solution;
  /** Remove a ticket and its evidence; facts left with no evidence are archived. Role: curator. */
  retractCase: RetractResult;
  /** Undo an extraction changeset exactly. Role: curator. */
  revertChangeset: Changeset;
  /** Approve, reject or merge an extracted fact. Role: curator. */
  reviewFact: ReviewItem;
};


export type MutationIngestTicketsArgs = {
  input: IngestInput;
};


export type MutationRecordFeedbackArgs = {
  caseId?: InputMaybe<Scalars['ID']['input']>;
  outcome: Outcome;
  solutionId: Scalars['ID']['input'];
};


export type MutationRetractCaseArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevertChangesetArgs = {
  id: Scalars['ID']['input'];
};


export type MutationReviewFactArgs = {
  decision: ReviewDecision;
  id: Scalars['ID']['input'];
  mergeInto?: InputMaybe<Scalars['ID']['input']>;
};

export type Ontology = {
  __typename?: 'Ontology';
  languages: Array<Scalars['String']['output']>;
  relations: Array<RelationType>;
  types: Array<EntityType>;
  /** Content hash of the applied ontology files; null before the first apply. */
  version: Maybe<Scalars['String']['output']>;
};

export type Outcome =
  | 'HELPFUL'
  | 'NOT_HELPFUL'
  | 'REOPENED';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type PropertyDef = {
  __typename?: 'PropertyDef';
  localized: Scalars['Boolean']['output'];
  name: Scalars['String']['output'];
  required: Scalars['Boolean']['output'];
  type: Scalars['String']['output'];
};

export type Provenance = {
  __typename?: 'Provenance';
  caseId: Scalars['ID']['output'];
  run: Maybe<Scalars['String']['output']>;
  sentence: Maybe<Scalars['String']['output']>;
};

export type QuarantinedRecord = {
  __typename?: 'QuarantinedRecord';
  line: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
};

/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type Query = {
  __typename?: 'Query';
  /** The fix for a customer's question: ranked candidates with why and how sure, plus signals. */
  answer: Answer;
  /** Answer-cache counters. */
  cacheStats: CacheStats;
  case: Maybe<Case>;
  cause: Maybe<Cause>;
  /** Extraction runs' changesets, newest first. Role: curator. */
  changesets: Array<Changeset>;
  /** A concept of the taxonomy (tier 2). */
  concept: Maybe<Concept>;
  /** Concepts whose id, labels or aliases contain `search` (any language), in id order. */
  concepts: ConceptConnection;
  fault: Maybe<Fault>;
  /** Several faults at once (missing ids are null). */
  faults: Array<Maybe<Fault>>;
  /** Whether the service and its store answer. */
  health: Health;
  /** Operational metrics over the cases in the graph (permission: read). */
  metrics: Metrics;
  /** Tier 1: the entity and relation types, as applied to the graph. */
  ontology: Ontology;
  /** Extracted facts awaiting review, most demanded first. Role: curator. */
  reviewQueue: ReviewPage;
  solution: Maybe<Solution>;
  /** Node counts per tier and type, edge counts per relation type. */
  stats: GraphStats;
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryAnswerArgs = {
  input: AnswerInput;
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryCaseArgs = {
  id: Scalars['ID']['input'];
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryCauseArgs = {
  id: Scalars['ID']['input'];
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryChangesetsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryConceptArgs = {
  id: Scalars['ID']['input'];
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryConceptsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryFaultArgs = {
  id: Scalars['ID']['input'];
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryFaultsArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryMetricsArgs = {
  input?: InputMaybe<MetricsInput>;
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QueryReviewQueueArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * supportgraph: a customer-support knowledge graph that updates itself from resolved tickets.
 * Bots and agents ask `answer`; knowledge managers browse concepts and facts and curate them.
 * Every operation needs an API key (`Authorization: Bearer <key>`) unless the server runs with
 * KG_AUTH=off. Roles: bot (read, feedback), curator (+ review, ontology), importer (+ ingest).
 */
export type QuerySolutionArgs = {
  id: Scalars['ID']['input'];
};

export type RateBucket = {
  __typename?: 'RateBucket';
  flagged: Scalars['Boolean']['output'];
  /** week date, product id or fault id */
  key: Scalars['String']['output'];
  /** WEEK, PRODUCT or FAULT */
  kind: Scalars['String']['output'];
  /** human label (week date, product name, fault statement) */
  label: Scalars['String']['output'];
  rate: Maybe<Scalars['Float']['output']>;
  repeats: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type ReasonCount = {
  __typename?: 'ReasonCount';
  count: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
};

export type RelationType = {
  __typename?: 'RelationType';
  cardinality: Scalars['String']['output'];
  description: Scalars['String']['output'];
  from: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  to: Array<Scalars['String']['output']>;
};

export type RepeatInquiry = {
  __typename?: 'RepeatInquiry';
  /** Earlier cases of this customer on the same fault within the window. */
  count: Scalars['Int']['output'];
  faultId: Maybe<Scalars['ID']['output']>;
  isRepeat: Scalars['Boolean']['output'];
  previousCaseIds: Array<Scalars['ID']['output']>;
  windowDays: Scalars['Int']['output'];
};

export type Resolvable = Cause | Fault;

export type RetractResult = {
  __typename?: 'RetractResult';
  /** Facts archived because this case was their last evidence. */
  archived: Array<InstanceRef>;
  caseId: Scalars['ID']['output'];
};

export type ReviewDecision =
  | 'APPROVE'
  | 'MERGE'
  | 'REJECT';

export type ReviewItem = {
  __typename?: 'ReviewItem';
  confidence: Maybe<Scalars['Float']['output']>;
  /** Answers that used, or would have used, this fact since the service started. */
  demand: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** The ticket sentences it came from. */
  provenance: Array<Provenance>;
  /** KCS state: WORK_IN_PROGRESS, NOT_VALIDATED, VALIDATED or ARCHIVED. */
  state: Scalars['String']['output'];
  /** The fault's title, the cause's text or the solution's title (in `lang` where it has one). */
  text: Scalars['String']['output'];
  type: Scalars['String']['output'];
};


export type ReviewItemTextArgs = {
  lang?: InputMaybe<Lang>;
};

export type ReviewPage = {
  __typename?: 'ReviewPage';
  items: Array<ReviewItem>;
  total: Scalars['Int']['output'];
};

export type Solution = {
  __typename?: 'Solution';
  cases: Array<Case>;
  concepts: Array<Concept>;
  /** Number of cases that applied it. */
  evidenceCount: Scalars['Int']['output'];
  helpful: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  notHelpful: Scalars['Int']['output'];
  reopened: Scalars['Int']['output'];
  /** Faults and causes this solution resolves. */
  resolves: Array<Resolvable>;
  state: Maybe<Scalars['String']['output']>;
  steps: Array<Scalars['String']['output']>;
  /** Smoothed share of good outcomes: (helpful + 1) / (all outcomes + 2). */
  successRate: Scalars['Float']['output'];
  title: Scalars['String']['output'];
};


export type SolutionStepsArgs = {
  lang?: InputMaybe<Lang>;
};


export type SolutionTitleArgs = {
  lang?: InputMaybe<Lang>;
};

export type TicketFormat =
  | 'CSV'
  | 'JSONL';

export type TierCount = {
  __typename?: 'TierCount';
  /** ontology, concept or instance */
  tier: Scalars['String']['output'];
  total: Scalars['Int']['output'];
  types: Array<LabelCount>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;



/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = {
  Resolvable:
    | ( NodeRecordModel )
    | ( NodeRecordModel )
  ;
};


/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Answer: ResolverTypeWrapper<AnswerModel>;
  AnswerInput: AnswerInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CacheStats: ResolverTypeWrapper<CacheStatsModel>;
  Candidate: ResolverTypeWrapper<AnswerCandidateModel>;
  Case: ResolverTypeWrapper<NodeRecordModel>;
  Cause: ResolverTypeWrapper<NodeRecordModel>;
  Changeset: ResolverTypeWrapper<ChangesetRecordModel>;
  ClarifyingOption: ResolverTypeWrapper<ClarifyingOption>;
  ClarifyingQuestion: ResolverTypeWrapper<ClarifyingQuestion>;
  Component: ResolverTypeWrapper<NodeRecordModel>;
  Concept: ResolverTypeWrapper<StoredConceptModel>;
  ConceptConnection: ResolverTypeWrapper<Omit<ConceptConnection, 'edges'> & { edges: Array<ResolversTypes['ConceptEdge']> }>;
  ConceptEdge: ResolverTypeWrapper<Omit<ConceptEdge, 'node'> & { node: ResolversTypes['Concept'] }>;
  ConceptLabel: ResolverTypeWrapper<ConceptLabel>;
  CoverageGap: ResolverTypeWrapper<CoverageGap>;
  Deflection: ResolverTypeWrapper<Deflection>;
  EntityType: ResolverTypeWrapper<StoredEntityTypeModel>;
  Fault: ResolverTypeWrapper<NodeRecordModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GraphStats: ResolverTypeWrapper<GraphStatsModel>;
  Handoff: ResolverTypeWrapper<Handoff>;
  HandoffReason: HandoffReason;
  Health: ResolverTypeWrapper<Health>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ImportSummary: ResolverTypeWrapper<IngestResultModel>;
  IngestInput: IngestInput;
  InstanceRef: ResolverTypeWrapper<InstanceRef>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  LabelCount: ResolverTypeWrapper<LabelCount>;
  Lang: Lang;
  LangText: ResolverTypeWrapper<LangText>;
  LangTexts: ResolverTypeWrapper<LangTexts>;
  LinkRate: ResolverTypeWrapper<LinkRate>;
  Metrics: ResolverTypeWrapper<Metrics>;
  MetricsInput: MetricsInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Ontology: ResolverTypeWrapper<OntologyStateModel>;
  Outcome: Outcome;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PropertyDef: ResolverTypeWrapper<PropertyDef>;
  Provenance: ResolverTypeWrapper<Provenance>;
  QuarantinedRecord: ResolverTypeWrapper<QuarantinedRecord>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RateBucket: ResolverTypeWrapper<RateBucket>;
  ReasonCount: ResolverTypeWrapper<ReasonCount>;
  RelationType: ResolverTypeWrapper<RelationType>;
  RepeatInquiry: ResolverTypeWrapper<RepeatInquiry>;
  Resolvable: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['Resolvable']>;
  RetractResult: ResolverTypeWrapper<RetractResult>;
  ReviewDecision: ReviewDecision;
  ReviewItem: ResolverTypeWrapper<ReviewItemModel>;
  ReviewPage: ResolverTypeWrapper<Omit<ReviewPage, 'items'> & { items: Array<ResolversTypes['ReviewItem']> }>;
  Solution: ResolverTypeWrapper<NodeRecordModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  TicketFormat: TicketFormat;
  TierCount: ResolverTypeWrapper<TierCount>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Answer: AnswerModel;
  AnswerInput: AnswerInput;
  Boolean: Scalars['Boolean']['output'];
  CacheStats: CacheStatsModel;
  Candidate: AnswerCandidateModel;
  Case: NodeRecordModel;
  Cause: NodeRecordModel;
  Changeset: ChangesetRecordModel;
  ClarifyingOption: ClarifyingOption;
  ClarifyingQuestion: ClarifyingQuestion;
  Component: NodeRecordModel;
  Concept: StoredConceptModel;
  ConceptConnection: Omit<ConceptConnection, 'edges'> & { edges: Array<ResolversParentTypes['ConceptEdge']> };
  ConceptEdge: Omit<ConceptEdge, 'node'> & { node: ResolversParentTypes['Concept'] };
  ConceptLabel: ConceptLabel;
  CoverageGap: CoverageGap;
  Deflection: Deflection;
  EntityType: StoredEntityTypeModel;
  Fault: NodeRecordModel;
  Float: Scalars['Float']['output'];
  GraphStats: GraphStatsModel;
  Handoff: Handoff;
  Health: Health;
  ID: Scalars['ID']['output'];
  ImportSummary: IngestResultModel;
  IngestInput: IngestInput;
  InstanceRef: InstanceRef;
  Int: Scalars['Int']['output'];
  LabelCount: LabelCount;
  LangText: LangText;
  LangTexts: LangTexts;
  LinkRate: LinkRate;
  Metrics: Metrics;
  MetricsInput: MetricsInput;
  Mutation: Record<PropertyKey, never>;
  Ontology: OntologyStateModel;
  PageInfo: PageInfo;
  PropertyDef: PropertyDef;
  Provenance: Provenance;
  QuarantinedRecord: QuarantinedRecord;
  Query: Record<PropertyKey, never>;
  RateBucket: RateBucket;
  ReasonCount: ReasonCount;
  RelationType: RelationType;
  RepeatInquiry: RepeatInquiry;
  Resolvable: ResolversUnionTypes<ResolversParentTypes>['Resolvable'];
  RetractResult: RetractResult;
  ReviewItem: ReviewItemModel;
  ReviewPage: Omit<ReviewPage, 'items'> & { items: Array<ResolversParentTypes['ReviewItem']> };
  Solution: NodeRecordModel;
  String: Scalars['String']['output'];
  TierCount: TierCount;
};

export type AnswerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Answer'] = ResolversParentTypes['Answer']> = {
  cached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  candidates?: Resolver<Array<ResolversTypes['Candidate']>, ParentType, ContextType>;
  clarifyingQuestion?: Resolver<Maybe<ResolversTypes['ClarifyingQuestion']>, ParentType, ContextType>;
  handoff?: Resolver<ResolversTypes['Handoff'], ParentType, ContextType>;
  lang?: Resolver<ResolversTypes['Lang'], ParentType, ContextType>;
  question?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  repeatInquiry?: Resolver<Maybe<ResolversTypes['RepeatInquiry']>, ParentType, ContextType>;
};

export type CacheStatsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CacheStats'] = ResolversParentTypes['CacheStats']> = {
  evictions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  hits?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  invalidations?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  max?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  misses?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ttlMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CandidateResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Candidate'] = ResolversParentTypes['Candidate']> = {
  cause?: Resolver<Maybe<ResolversTypes['Cause']>, ParentType, ContextType>;
  conceptPath?: Resolver<Array<ResolversTypes['ConceptLabel']>, ParentType, ContextType>;
  confidence?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  evidenceCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fault?: Resolver<ResolversTypes['Fault'], ParentType, ContextType>;
  matchedTerms?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  provenance?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  solution?: Resolver<Maybe<ResolversTypes['Solution']>, ParentType, ContextType>;
  steps?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  successRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type CaseResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Case'] = ResolversParentTypes['Case']> = {
  causes?: Resolver<Array<ResolversTypes['Cause']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  customerId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  faults?: Resolver<Array<ResolversTypes['Fault']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lang?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  product?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  solutions?: Resolver<Array<ResolversTypes['Solution']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  subject?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type CauseResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Cause'] = ResolversParentTypes['Cause']> = {
  cases?: Resolver<Array<ResolversTypes['Case']>, ParentType, ContextType>;
  concepts?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType>;
  faults?: Resolver<Array<ResolversTypes['Fault']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  solutions?: Resolver<Array<ResolversTypes['Solution']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType, Partial<CauseTextArgs>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ChangesetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Changeset'] = ResolversParentTypes['Changeset']> = {
  changed?: Resolver<Array<ResolversTypes['InstanceRef']>, ParentType, ContextType>;
  changedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  created?: Resolver<Array<ResolversTypes['InstanceRef']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  linkCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  run?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  summary?: Resolver<Array<ResolversTypes['ReasonCount']>, ParentType, ContextType>;
};

export type ClarifyingOptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ClarifyingOption'] = ResolversParentTypes['ClarifyingOption']> = {
  conceptId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  faultIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ClarifyingQuestionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ClarifyingQuestion'] = ResolversParentTypes['ClarifyingQuestion']> = {
  attribute?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  informationGain?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  options?: Resolver<Array<ResolversTypes['ClarifyingOption']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ComponentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Component'] = ResolversParentTypes['Component']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType, Partial<ComponentNameArgs>>;
};

export type ConceptResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Concept'] = ResolversParentTypes['Concept']> = {
  aliases?: Resolver<Array<ResolversTypes['LangTexts']>, ParentType, ContextType>;
  children?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  instanceCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  instances?: Resolver<Array<ResolversTypes['InstanceRef']>, ParentType, ContextType, RequireFields<ConceptInstancesArgs, 'first'>>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType, Partial<ConceptLabelArgs>>;
  labels?: Resolver<Array<ResolversTypes['LangText']>, ParentType, ContextType>;
  parents?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ConceptConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConceptConnection'] = ResolversParentTypes['ConceptConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ConceptEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ConceptEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConceptEdge'] = ResolversParentTypes['ConceptEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Concept'], ParentType, ContextType>;
};

export type ConceptLabelResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ConceptLabel'] = ResolversParentTypes['ConceptLabel']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CoverageGapResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CoverageGap'] = ResolversParentTypes['CoverageGap']> = {
  caseIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  examples?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DeflectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Deflection'] = ResolversParentTypes['Deflection']> = {
  answersServed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  helpful?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  questions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type EntityTypeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['EntityType'] = ResolversParentTypes['EntityType']> = {
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  properties?: Resolver<Array<ResolversTypes['PropertyDef']>, ParentType, ContextType>;
};

export type FaultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Fault'] = ResolversParentTypes['Fault']> = {
  cases?: Resolver<Array<ResolversTypes['Case']>, ParentType, ContextType>;
  causes?: Resolver<Array<ResolversTypes['Cause']>, ParentType, ContextType>;
  components?: Resolver<Array<ResolversTypes['Component']>, ParentType, ContextType>;
  conceptPath?: Resolver<Array<ResolversTypes['ConceptLabel']>, ParentType, ContextType, Partial<FaultConceptPathArgs>>;
  concepts?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  phrasings?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  product?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  solutions?: Resolver<Array<ResolversTypes['Solution']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType, Partial<FaultTitleArgs>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type GraphStatsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['GraphStats'] = ResolversParentTypes['GraphStats']> = {
  edges?: Resolver<Array<ResolversTypes['LabelCount']>, ParentType, ContextType>;
  tiers?: Resolver<Array<ResolversTypes['TierCount']>, ParentType, ContextType>;
};

export type HandoffResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Handoff'] = ResolversParentTypes['Handoff']> = {
  matchedTerms?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  reasons?: Resolver<Array<ResolversTypes['HandoffReason']>, ParentType, ContextType>;
  recommended?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type HealthResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Health'] = ResolversParentTypes['Health']> = {
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  store?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ImportSummaryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportSummary'] = ResolversParentTypes['ImportSummary']> = {
  changesets?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  failure?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  imported?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  merged?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quarantine?: Resolver<Array<ResolversTypes['QuarantinedRecord']>, ParentType, ContextType>;
  quarantined?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  run?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  skipReasons?: Resolver<Array<ResolversTypes['ReasonCount']>, ParentType, ContextType>;
  skipped?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type InstanceRefResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['InstanceRef'] = ResolversParentTypes['InstanceRef']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LabelCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LabelCount'] = ResolversParentTypes['LabelCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LangTextResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LangText'] = ResolversParentTypes['LangText']> = {
  lang?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LangTextsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LangTexts'] = ResolversParentTypes['LangTexts']> = {
  lang?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  texts?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type LinkRateResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LinkRate'] = ResolversParentTypes['LinkRate']> = {
  cases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  linked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  reuseRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  reused?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MetricsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Metrics'] = ResolversParentTypes['Metrics']> = {
  cases?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  casesWithCustomer?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  coverageGaps?: Resolver<Array<ResolversTypes['CoverageGap']>, ParentType, ContextType>;
  deflection?: Resolver<ResolversTypes['Deflection'], ParentType, ContextType>;
  flagged?: Resolver<Array<ResolversTypes['RateBucket']>, ParentType, ContextType>;
  generatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  linkRate?: Resolver<ResolversTypes['LinkRate'], ParentType, ContextType>;
  repeatByFault?: Resolver<Array<ResolversTypes['RateBucket']>, ParentType, ContextType>;
  repeatByProduct?: Resolver<Array<ResolversTypes['RateBucket']>, ParentType, ContextType>;
  repeatByWeek?: Resolver<Array<ResolversTypes['RateBucket']>, ParentType, ContextType>;
  repeatRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  repeats?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  since?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  threshold?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  topRepeatFaults?: Resolver<Array<ResolversTypes['RateBucket']>, ParentType, ContextType>;
  until?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  windowDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  ingestTickets?: Resolver<ResolversTypes['ImportSummary'], ParentType, ContextType, RequireFields<MutationIngestTicketsArgs, 'input'>>;
  recordFeedback?: Resolver<ResolversTypes['Solution'], ParentType, ContextType, RequireFields<MutationRecordFeedbackArgs, 'outcome' | 'solutionId'>>;
  retractCase?: Resolver<ResolversTypes['RetractResult'], ParentType, ContextType, RequireFields<MutationRetractCaseArgs, 'id'>>;
  revertChangeset?: Resolver<ResolversTypes['Changeset'], ParentType, ContextType, RequireFields<MutationRevertChangesetArgs, 'id'>>;
  reviewFact?: Resolver<ResolversTypes['ReviewItem'], ParentType, ContextType, RequireFields<MutationReviewFactArgs, 'decision' | 'id'>>;
};

export type OntologyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Ontology'] = ResolversParentTypes['Ontology']> = {
  languages?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  relations?: Resolver<Array<ResolversTypes['RelationType']>, ParentType, ContextType>;
  types?: Resolver<Array<ResolversTypes['EntityType']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PropertyDefResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PropertyDef'] = ResolversParentTypes['PropertyDef']> = {
  localized?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  required?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ProvenanceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Provenance'] = ResolversParentTypes['Provenance']> = {
  caseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  run?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sentence?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type QuarantinedRecordResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuarantinedRecord'] = ResolversParentTypes['QuarantinedRecord']> = {
  line?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  answer?: Resolver<ResolversTypes['Answer'], ParentType, ContextType, RequireFields<QueryAnswerArgs, 'input'>>;
  cacheStats?: Resolver<ResolversTypes['CacheStats'], ParentType, ContextType>;
  case?: Resolver<Maybe<ResolversTypes['Case']>, ParentType, ContextType, RequireFields<QueryCaseArgs, 'id'>>;
  cause?: Resolver<Maybe<ResolversTypes['Cause']>, ParentType, ContextType, RequireFields<QueryCauseArgs, 'id'>>;
  changesets?: Resolver<Array<ResolversTypes['Changeset']>, ParentType, ContextType, RequireFields<QueryChangesetsArgs, 'first'>>;
  concept?: Resolver<Maybe<ResolversTypes['Concept']>, ParentType, ContextType, RequireFields<QueryConceptArgs, 'id'>>;
  concepts?: Resolver<ResolversTypes['ConceptConnection'], ParentType, ContextType, RequireFields<QueryConceptsArgs, 'first'>>;
  fault?: Resolver<Maybe<ResolversTypes['Fault']>, ParentType, ContextType, RequireFields<QueryFaultArgs, 'id'>>;
  faults?: Resolver<Array<Maybe<ResolversTypes['Fault']>>, ParentType, ContextType, RequireFields<QueryFaultsArgs, 'ids'>>;
  health?: Resolver<ResolversTypes['Health'], ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['Metrics'], ParentType, ContextType, Partial<QueryMetricsArgs>>;
  ontology?: Resolver<ResolversTypes['Ontology'], ParentType, ContextType>;
  reviewQueue?: Resolver<ResolversTypes['ReviewPage'], ParentType, ContextType, RequireFields<QueryReviewQueueArgs, 'first' | 'offset'>>;
  solution?: Resolver<Maybe<ResolversTypes['Solution']>, ParentType, ContextType, RequireFields<QuerySolutionArgs, 'id'>>;
  stats?: Resolver<ResolversTypes['GraphStats'], ParentType, ContextType>;
};

export type RateBucketResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RateBucket'] = ResolversParentTypes['RateBucket']> = {
  flagged?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  repeats?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ReasonCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReasonCount'] = ResolversParentTypes['ReasonCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type RelationTypeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RelationType'] = ResolversParentTypes['RelationType']> = {
  cardinality?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  from?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  to?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type RepeatInquiryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RepeatInquiry'] = ResolversParentTypes['RepeatInquiry']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  faultId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  isRepeat?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  previousCaseIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  windowDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ResolvableResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Resolvable'] = ResolversParentTypes['Resolvable']> = {
  __resolveType: TypeResolveFn<'Cause' | 'Fault', ParentType, ContextType>;
};

export type RetractResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RetractResult'] = ResolversParentTypes['RetractResult']> = {
  archived?: Resolver<Array<ResolversTypes['InstanceRef']>, ParentType, ContextType>;
  caseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ReviewItemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReviewItem'] = ResolversParentTypes['ReviewItem']> = {
  confidence?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  demand?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  provenance?: Resolver<Array<ResolversTypes['Provenance']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType, Partial<ReviewItemTextArgs>>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ReviewPageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ReviewPage'] = ResolversParentTypes['ReviewPage']> = {
  items?: Resolver<Array<ResolversTypes['ReviewItem']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SolutionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Solution'] = ResolversParentTypes['Solution']> = {
  cases?: Resolver<Array<ResolversTypes['Case']>, ParentType, ContextType>;
  concepts?: Resolver<Array<ResolversTypes['Concept']>, ParentType, ContextType>;
  evidenceCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  helpful?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  notHelpful?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reopened?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  resolves?: Resolver<Array<ResolversTypes['Resolvable']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  steps?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, Partial<SolutionStepsArgs>>;
  successRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType, Partial<SolutionTitleArgs>>;
};

export type TierCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TierCount'] = ResolversParentTypes['TierCount']> = {
  tier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  types?: Resolver<Array<ResolversTypes['LabelCount']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  Answer?: AnswerResolvers<ContextType>;
  CacheStats?: CacheStatsResolvers<ContextType>;
  Candidate?: CandidateResolvers<ContextType>;
  Case?: CaseResolvers<ContextType>;
  Cause?: CauseResolvers<ContextType>;
  Changeset?: ChangesetResolvers<ContextType>;
  ClarifyingOption?: ClarifyingOptionResolvers<ContextType>;
  ClarifyingQuestion?: ClarifyingQuestionResolvers<ContextType>;
  Component?: ComponentResolvers<ContextType>;
  Concept?: ConceptResolvers<ContextType>;
  ConceptConnection?: ConceptConnectionResolvers<ContextType>;
  ConceptEdge?: ConceptEdgeResolvers<ContextType>;
  ConceptLabel?: ConceptLabelResolvers<ContextType>;
  CoverageGap?: CoverageGapResolvers<ContextType>;
  Deflection?: DeflectionResolvers<ContextType>;
  EntityType?: EntityTypeResolvers<ContextType>;
  Fault?: FaultResolvers<ContextType>;
  GraphStats?: GraphStatsResolvers<ContextType>;
  Handoff?: HandoffResolvers<ContextType>;
  Health?: HealthResolvers<ContextType>;
  ImportSummary?: ImportSummaryResolvers<ContextType>;
  InstanceRef?: InstanceRefResolvers<ContextType>;
  LabelCount?: LabelCountResolvers<ContextType>;
  LangText?: LangTextResolvers<ContextType>;
  LangTexts?: LangTextsResolvers<ContextType>;
  LinkRate?: LinkRateResolvers<ContextType>;
  Metrics?: MetricsResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Ontology?: OntologyResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PropertyDef?: PropertyDefResolvers<ContextType>;
  Provenance?: ProvenanceResolvers<ContextType>;
  QuarantinedRecord?: QuarantinedRecordResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RateBucket?: RateBucketResolvers<ContextType>;
  ReasonCount?: ReasonCountResolvers<ContextType>;
  RelationType?: RelationTypeResolvers<ContextType>;
  RepeatInquiry?: RepeatInquiryResolvers<ContextType>;
  Resolvable?: ResolvableResolvers<ContextType>;
  RetractResult?: RetractResultResolvers<ContextType>;
  ReviewItem?: ReviewItemResolvers<ContextType>;
  ReviewPage?: ReviewPageResolvers<ContextType>;
  Solution?: SolutionResolvers<ContextType>;
  TierCount?: TierCountResolvers<ContextType>;
};

