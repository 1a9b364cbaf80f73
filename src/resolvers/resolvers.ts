import { localized, localizedList } from '../answer/answer-service.js';
import { requirePermission } from '../auth.js';
import { BadInputError } from '../errors.js';
import type { NodeRecord, StoredConcept } from '../graph/store.js';
import { normalizeText } from '../text/index.js';
import * as arg from './args.js';
import type { GraphQLContext } from './context.js';
import type { PropertyDef, Resolvers } from './generated/types.js';
import { loadersFor, type Loaders } from './loaders.js';

/**
 * Thin resolvers: check the caller and the arguments, call a service, shape the result.
 * No Cypher, no NLP, no caching here.
 */

/** Checks the caller may read and returns the request's loaders. */
function reader(ctx: GraphQLContext): Loaders {
  requirePermission(ctx.principal, 'read');
  return loadersFor(ctx, ctx.services.store);
}

const loaders = (ctx: GraphQLContext): Loaders => loadersFor(ctx, ctx.services.store);

function str(n: NodeRecord, key: string): string | null {
  const v = n.props[key];
  return typeof v === 'string' ? v : null;
}

function int(n: NodeRecord, key: string): number {
  const v = n.props[key];
  return typeof v === 'number' ? v : 0;
}

function strings(n: NodeRecord, key: string): string[] {
  const v = n.props[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function concepts(ctx: GraphQLContext, ids: readonly string[]): StoredConcept[] {
  const byId = ctx.services.answers.concepts.byId;
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

async function conceptsOf(ctx: GraphQLContext, n: NodeRecord): Promise<StoredConcept[]> {
  const refs = await loaders(ctx).linked(n.type, n.id, 'INSTANCE_OF', 'out');
  return concepts(
    ctx,
    refs.map((r) => r.id),
  );
}

const encodeCursor = (id: string) => Buffer.from(`concept:${id}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  arg.text('after', cursor, arg.MAX_CURSOR);
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith('concept:')) throw new BadInputError('invalid cursor');
  return raw.slice('concept:'.length);
}

function successRate(n: NodeRecord): number {
  return (
    (int(n, 'helpful') + 1) / (int(n, 'helpful') + int(n, 'notHelpful') + int(n, 'reopened') + 2)
  );
}

export const resolvers: Resolvers = {
  Query: {
    answer: async (_p, { input }, ctx) => {
      requirePermission(ctx.principal, 'read');
      const answer = await ctx.services.answer({
        question: input.question,
        product: arg.text('product', input.product, arg.MAX_PRODUCT),
        customerId: arg.optionalId('customerId', input.customerId),
        lang: input.lang ?? null,
        first: input.first ?? 3,
      });
      ctx.answered?.push(answer);
      return answer;
    },
    concept: (_p, { id }, ctx) => {
      reader(ctx);
      return ctx.services.answers.concepts.byId.get(arg.id('id', id)) ?? null;
    },
    concepts: (_p, { search, first, after }, ctx) => {
      reader(ctx);
      const n = arg.int('first', first ?? 20, 1, 100);
      const s = arg.text('search', search, arg.MAX_SEARCH);
      const needle = s ? normalizeText(s) : '';
      const all = [...ctx.services.answers.concepts.byId.values()]
        .filter(
          (c) =>
            needle === '' ||
            [c.id, ...Object.values(c.labels), ...Object.values(c.aliases).flat()].some((t) =>
              normalizeText(t).includes(needle),
            ),
        )
        .sort((a, b) => a.id.localeCompare(b.id));
      const from = after ? decodeCursor(after) : null;
      const start = from === null ? 0 : all.findIndex((c) => c.id > from);
      const at = start < 0 ? all.length : start;
      const page = all.slice(at, at + n);
      return {
        edges: page.map((node) => ({ cursor: encodeCursor(node.id), node })),
        pageInfo: {
          hasNextPage: at + n < all.length,
          hasPreviousPage: at > 0,
          startCursor: page[0] ? encodeCursor(page[0].id) : null,
          endCursor: page.at(-1) ? encodeCursor(page.at(-1)!.id) : null,
        },
        totalCount: all.length,
      };
    },
    fault: (_p, { id }, ctx) => reader(ctx).node('Fault', arg.id('id', id)),
    faults: (_p, { ids }, ctx) => {
      const l = reader(ctx);
      if (ids.length > 100) throw new BadInputError('at most 100 ids');
      return Promise.all(ids.map((id) => l.node('Fault', arg.id('ids', id))));
    },
    cause: (_p, { id }, ctx) => reader(ctx).node('Cause', arg.id('id', id)),
    solution: (_p, { id }, ctx) => reader(ctx).node('Solution', arg.id('id', id)),
    case: (_p, { id }, ctx) => reader(ctx).node('Case', arg.id('id', id)),
    ontology: (_p, _a, ctx) => {
      reader(ctx);
      return ctx.services.ontologyState();
    },
    cacheStats: (_p, _a, ctx) => {
      reader(ctx);
      return ctx.services.answers.cacheStats();
    },
    reviewQueue: (_p, { first, offset }, ctx) => {
      requirePermission(ctx.principal, 'review');
      return ctx.services.reviewQueue(
        arg.int('first', first ?? 20, 1, 200),
        arg.int('offset', offset ?? 0, 0, Number.MAX_SAFE_INTEGER),
      );
    },
    changesets: (_p, { first }, ctx) => {
      requirePermission(ctx.principal, 'review');
      return ctx.services.changesets(arg.int('first', first ?? 20, 1, 500));
    },
    health: (_p, _a, ctx) => {
      reader(ctx);
      return ctx.services.health();
    },
    // Aggregates over cases plus masked subjects, which `case(id)` already shows a reader.
    metrics: (_p, { input }, ctx) => {
      requirePermission(ctx.principal, 'read');
      return ctx.services.metrics(input ?? {});
    },
    stats: (_p, _a, ctx) => {
      reader(ctx);
      return ctx.services.stats();
    },
  },
  Mutation: {
    recordFeedback: (_p, { solutionId, caseId, outcome }, ctx) => {
      requirePermission(ctx.principal, 'feedback');
      return ctx.services.recordFeedback(
        arg.id('solutionId', solutionId),
        arg.optionalId('caseId', caseId),
        outcome,
      );
    },
    retractCase: (_p, { id }, ctx) => {
      requirePermission(ctx.principal, 'review');
      return ctx.services.retractCase(arg.id('id', id));
    },
    ingestTickets: (_p, { input }, ctx) => {
      requirePermission(ctx.principal, 'ingest');
      return ctx.services.ingest(
        input.data,
        input.format === 'CSV' ? 'csv' : 'jsonl',
        arg.text('map', input.map, arg.MAX_FIELD_MAP),
      );
    },
    reviewFact: (_p, { id, decision, mergeInto }, ctx) => {
      requirePermission(ctx.principal, 'review');
      return ctx.services.reviewFact(
        arg.id('id', id),
        decision,
        arg.optionalId('mergeInto', mergeInto),
        ctx.principal.keyName ?? 'unknown',
      );
    },
    revertChangeset: (_p, { id }, ctx) => {
      requirePermission(ctx.principal, 'review');
      return ctx.services.revertChangeset(arg.id('id', id));
    },
  },
  ImportSummary: {
    skipReasons: (s) => Object.entries(s.skipReasons).map(([reason, count]) => ({ reason, count })),
  },
  ReviewItem: {
    type: (r) => r.fact.type,
    id: (r) => r.fact.id,
    state: (r) => str(r.fact, 'state') ?? 'NOT_VALIDATED',
    confidence: (r) =>
      typeof r.fact.props.confidence === 'number' ? r.fact.props.confidence : null,
    text: (r, { lang }) =>
      localized(r.fact.props, r.fact.type === 'Cause' ? 'text' : 'title', lang ?? 'en') ??
      r.fact.id,
    provenance: async (r, _a, ctx) => {
      const rel =
        r.fact.type === 'Fault' ? 'REPORTS' : r.fact.type === 'Cause' ? 'IDENTIFIED' : 'APPLIED';
      const rows = await ctx.services.store.evidence(r.fact.type, [r.fact.id], rel);
      return rows.map((e) => ({
        caseId: e.caseId,
        sentence: typeof e.props.sentence === 'string' ? e.props.sentence : null,
        run: typeof e.props.run === 'string' ? e.props.run : null,
      }));
    },
  },
  Changeset: {
    summary: (c) => Object.entries(c.summary).map(([reason, count]) => ({ reason, count })),
    linkCount: (c) => c.linked.length,
    changedCount: (c) => c.changed.length,
    changed: (c) => c.changed.map((x) => x.ref),
  },
  Answer: {
    candidates: (a) => a.candidates,
  },
  Candidate: {
    // The answer carries the nodes it read, so a cached answer is served without the store.
    fault: (c) => c.records.fault,
    cause: (c) => c.records.cause,
    solution: (c) => c.records.solution,
  },
  Fault: {
    title: (f, { lang }) => localized(f.props, 'title', lang ?? 'en') ?? f.id,
    product: (f) => str(f, 'product'),
    state: (f) => str(f, 'state'),
    phrasings: (f) => strings(f, 'phrasings'),
    concepts: (f, _a, ctx) => conceptsOf(ctx, f),
    conceptPath: async (f, { lang }, ctx) =>
      ctx.services.answers.concepts.pathOf(
        (await loaders(ctx).linked('Fault', f.id, 'INSTANCE_OF', 'out')).map((r) => r.id),
        lang ?? 'en',
      ),
    components: (f, _a, ctx) => loaders(ctx).linkedNodes('Fault', f.id, 'AFFECTS', 'out'),
    causes: (f, _a, ctx) => loaders(ctx).linkedNodes('Fault', f.id, 'HAS_CAUSE', 'out'),
    solutions: (f, _a, ctx) => loaders(ctx).linkedNodes('Fault', f.id, 'RESOLVED_BY', 'out'),
    cases: (f, _a, ctx) => loaders(ctx).linkedNodes('Fault', f.id, 'REPORTS', 'in'),
  },
  Cause: {
    text: (c, { lang }) => localized(c.props, 'text', lang ?? 'en') ?? c.id,
    state: (c) => str(c, 'state'),
    concepts: (c, _a, ctx) => conceptsOf(ctx, c),
    faults: (c, _a, ctx) => loaders(ctx).linkedNodes('Cause', c.id, 'HAS_CAUSE', 'in'),
    solutions: (c, _a, ctx) => loaders(ctx).linkedNodes('Cause', c.id, 'RESOLVED_BY', 'out'),
    cases: (c, _a, ctx) => loaders(ctx).linkedNodes('Cause', c.id, 'IDENTIFIED', 'in'),
  },
  Solution: {
    title: (s, { lang }) => localized(s.props, 'title', lang ?? 'en') ?? s.id,
    steps: (s, { lang }) => localizedList(s.props, 'steps', lang ?? 'en'),
    state: (s) => str(s, 'state'),
    helpful: (s) => int(s, 'helpful'),
    notHelpful: (s) => int(s, 'notHelpful'),
    reopened: (s) => int(s, 'reopened'),
    successRate: (s) => successRate(s),
    evidenceCount: async (s, _a, ctx) =>
      (await loaders(ctx).linked('Solution', s.id, 'APPLIED', 'in')).length,
    concepts: (s, _a, ctx) => conceptsOf(ctx, s),
    resolves: (s, _a, ctx) => loaders(ctx).linkedNodes('Solution', s.id, 'RESOLVED_BY', 'in'),
    cases: (s, _a, ctx) => loaders(ctx).linkedNodes('Solution', s.id, 'APPLIED', 'in'),
  },
  Resolvable: {
    __resolveType: (n) => (n.type === 'Cause' ? 'Cause' : 'Fault'),
  },
  Case: {
    subject: (k) => str(k, 'subject'),
    createdAt: (k) => str(k, 'createdAt'),
    resolvedAt: (k) => str(k, 'resolvedAt'),
    customerId: (k) => str(k, 'customerId'),
    product: (k) => str(k, 'product'),
    status: (k) => str(k, 'status'),
    lang: (k) => str(k, 'lang'),
    faults: (k, _a, ctx) => loaders(ctx).linkedNodes('Case', k.id, 'REPORTS', 'out'),
    causes: (k, _a, ctx) => loaders(ctx).linkedNodes('Case', k.id, 'IDENTIFIED', 'out'),
    solutions: (k, _a, ctx) => loaders(ctx).linkedNodes('Case', k.id, 'APPLIED', 'out'),
  },
  Component: {
    name: (m, { lang }) => localized(m.props, 'name', lang ?? 'en') ?? m.id,
  },
  Concept: {
    label: (c, { lang }) => c.labels[lang ?? 'en'] ?? Object.values(c.labels)[0] ?? c.id,
    labels: (c) => Object.entries(c.labels).map(([lang, text]) => ({ lang, text })),
    aliases: (c) => Object.entries(c.aliases).map(([lang, texts]) => ({ lang, texts })),
    parents: (c, _a, ctx) => concepts(ctx, c.parents),
    children: (c, _a, ctx) => concepts(ctx, ctx.services.answers.concepts.childrenOf(c.id)),
    instances: async (c, { first }, ctx) => {
      const n = arg.int('first', first ?? 50, 1, 500);
      return (await loaders(ctx).linked('Concept', c.id, 'INSTANCE_OF', 'in')).slice(0, n);
    },
    instanceCount: async (c, _a, ctx) =>
      (await loaders(ctx).linked('Concept', c.id, 'INSTANCE_OF', 'in')).length,
  },
  GraphStats: {
    tiers: (s) =>
      Object.entries(s.tiers)
        .filter(([tier]) => tier !== 'system')
        .map(([tier, types]) => ({
          tier,
          total: Object.values(types).reduce((a, b) => a + b, 0),
          types: Object.entries(types).map(([name, count]) => ({ name, count })),
        })),
    edges: (s) => Object.entries(s.edges).map(([name, count]) => ({ name, count })),
  },
  Ontology: {
    types: (o) => o.entities,
  },
  EntityType: {
    properties: (e) => JSON.parse(e.properties) as PropertyDef[],
  },
};
