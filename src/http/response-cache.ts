import {
  getOperationAST,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type ExecutionResult,
} from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { Registry } from 'prom-client';
import { liveCounter, liveGauge } from './metrics.js';
import type { AnswerSource } from '../answer/answer-service.js';
import { can, type Principal } from '../auth.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { readTheStore } from '../resolvers/loaders.js';
import type { Services } from '../services.js';

export interface ResponseCacheOptions {
  /** Most responses kept; 0 turns the response cache off. @default 5000 (`KG_RESPONSE_CACHE_MAX`) */
  max: number;
}

export const DEFAULT_RESPONSE_CACHE_MAX = 5000;

/** Responses larger than this are not kept (a bot asking for 20 candidates with every field). */
const MAX_BODY = 256 * 1024;

interface Entry {
  data: unknown;
  body: string;
  sources: AnswerSource[];
}

/**
 * The response cache in front of the answer cache: a repeated `answer` request (same query text,
 * operation and variables) is answered with the JSON it got last time, before it is parsed,
 * validated or executed — but only while every answer in it is still the live entry of the answer
 * cache, so the answer cache's rules (bounded, TTL, evicted by the graph writes that touch what an
 * answer read) decide what a response cache may serve; it never serves anything the answer cache
 * would not. A replay counts like a cached answer: an answer-cache hit, review demand on the facts
 * it used, and an answered question for the deflection figure.
 *
 * Kept: queries whose root fields are all `answer` (or `__typename`), that had no error, where
 * every answer came from the answer cache (so the replayed `cached: true` is true), none had a
 * `customerId` (repeat inquiries are read from the store each time) and no nested field read the
 * store (`fault { cases }`: what it returns may change without touching what the answer read).
 * Served only to callers allowed to read. Bounded by entries (`max`, LRU) and by body size
 * (256 KB). A write between computing a response and keeping it is harmless: the response points
 * at the answer-cache entries it was built from, and the next request finds them gone.
 */
export function responseCache(
  services: Pick<Services, 'replayAnswers'>,
  principalOf: (request: Request) => Principal | undefined,
  options: ResponseCacheOptions,
): { plugin: Plugin<GraphQLContext>; register(r: Registry): void } {
  const counters = { hits: 0, misses: 0, stale: 0 };
  const lru = options.max > 0 ? new LRUCache<string, Entry>({ max: options.max }) : null;
  const keyOf = (p: GraphQLParams) =>
    JSON.stringify([p.query ?? null, p.operationName ?? null, p.variables ?? null]);

  const plugin: Plugin<GraphQLContext> = {
    onParams({ params, request, setResult }) {
      if (!lru || typeof params.query !== 'string' || params.extensions) return;
      const principal = principalOf(request);
      if (!principal || !can(principal, 'read')) return;
      const key = keyOf(params);
      const entry = lru.get(key);
      if (!entry) {
        counters.misses++;
        return;
      }
      if (!services.replayAnswers(entry.sources)) {
        lru.delete(key);
        counters.stale++;
        counters.misses++;
        return;
      }
      counters.hits++;
      // yoga writes `stringify`'s output as the body: the JSON kept, not serialized again.
      const result: ExecutionResult & { stringify: () => string } = {
        data: entry.data as Record<string, unknown>,
        stringify: () => entry.body,
      };
      setResult(result);
    },
    onExecute({ args }) {
      if (!lru) return;
      const ctx = args.contextValue as GraphQLContext & { params?: GraphQLParams };
      const params = ctx.params;
      const { document, operationName } = args as {
        document: DocumentNode;
        operationName?: string | null;
      };
      const answerFields = answerOnly(document, operationName ?? undefined);
      if (!params || typeof params.query !== 'string' || params.extensions || answerFields === 0)
        return;
      ctx.answered = [];
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result || result.errors || !result.data) return;
          // Nested fields that read the store (fault { cases }, solution { evidenceCount }) may
          // change without touching what the answers read: such responses are not kept.
          if (readTheStore(ctx)) return;
          const answered = ctx.answered ?? [];
          if (answered.length !== answerFields) return;
          if (!answered.every((a) => a.cached && a.source !== null)) return;
          const body = JSON.stringify({ data: result.data });
          if (body.length > MAX_BODY) return;
          lru.set(keyOf(params), {
            data: result.data,
            body,
            sources: answered.map((a) => a.source!),
          });
        },
      };
    },
  };

  const register = (registry: Registry) => {
    liveCounter(
      registry,
      'kg_response_cache_hits_total',
      'Answer requests served from the response cache.',
      () => counters.hits,
    );
    liveCounter(
      registry,
      'kg_response_cache_misses_total',
      'Requests the response cache could not answer.',
      () => counters.misses,
    );
    liveCounter(
      registry,
      'kg_response_cache_stale_total',
      'Kept responses dropped because an answer in them was no longer live in the answer cache.',
      () => counters.stale,
    );
    liveGauge(
      registry,
      'kg_response_cache_entries',
      'Responses in the response cache.',
      () => lru?.size ?? 0,
    );
  };
  return { plugin, register };
}

/**
 * Number of `answer` fields at the root of the operation, when the operation is a query whose root
 * fields are all `answer` or `__typename` (no fragments); else 0.
 */
function answerOnly(document: DocumentNode, operationName: string | undefined): number {
  const op = getOperationAST(document, operationName);
  if (!op || op.operation !== OperationTypeNode.QUERY) return 0;
  let answers = 0;
  for (const s of op.selectionSet.selections) {
    if (s.kind !== Kind.FIELD) return 0;
    if (s.name.value === 'answer') answers++;
    else if (s.name.value !== '__typename') return 0;
  }
  return answers;
}
