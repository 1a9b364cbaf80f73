import http from 'node:http';
import { format } from 'node:util';
import type { GraphQLSchema } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from './config.js';
import { createAuthenticator, useAuthentication } from './http/auth.js';
import { DEFAULT_RESPONSE_CACHE_MAX, responseCache } from './http/response-cache.js';
import { disableIntrospectionPlugin, limitsPlugin } from './http/limits.js';
import { createMaskError } from './http/mask-error.js';
import {
  createMetrics,
  metricsEndpointPlugin,
  observePlugin,
  type RegisterMetrics,
} from './http/metrics.js';
import { readinessPlugin } from './http/readiness.js';
import { uiPlugin } from './http/ui.js';
import { buildSchema } from './resolvers/schema.js';
import type { GraphQLContext } from './resolvers/context.js';
import type { Services } from './services.js';

export type { RegisterMetrics } from './http/metrics.js';

export interface ServerDeps {
  config: Pick<
    Config,
    'port' | 'host' | 'auth' | 'apiKeys' | 'limits' | 'graphiql' | 'introspection' | 'metricsPublic'
  > & { answer?: Pick<Config['answer'], 'responseCacheMax'> };
  services: Services;
  log: Logger;
  /**
   * Adds the service's own metrics (answer-cache hits, misses, evictions, invalidations, …) to the
   * registry `/metrics` serves; see `RegisterMetrics` in src/http/metrics.ts.
   */
  metrics?: RegisterMetrics;
  /** The GraphQL schema. @default the service's (`buildSchema()`); tests pass their own. */
  schema?: GraphQLSchema;
}

export interface Server {
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  http: http.Server;
  /** The Prometheus registry `/metrics` serves. */
  metrics: Registry;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The HTTP front door:
 *
 * - `POST|GET /graphql`: GraphQL. Callers authenticate with `Authorization: Bearer <key>`
 *   (KG_API_KEYS); resolvers check permissions on `ctx.principal`. Limits (depth, cost, aliases,
 *   tokens, directives, body size, batch size) answer BAD_USER_INPUT; errors are mapped once in
 *   src/http/mask-error.ts. GraphiQL for browsers when KG_GRAPHIQL is on.
 * - `GET /healthz`: liveness, 200 while the process serves.
 * - `GET /readyz`: readiness, 200 with `services.health()` when the store answers and
 *   `services.ready()` (when the services have it) is true, else 503 `{ ok: false, reason }`.
 * - `GET /metrics`: Prometheus text from the server's own registry (see `metrics`); without a key
 *   only when KG_METRICS_PUBLIC is on (the default).
 * - `GET /ui/`: the curation page for knowledge managers (static files, see src/http/ui.ts); it
 *   talks to `/graphql` with the curator's key like any other client.
 *
 * Throws BadInputError when KG_AUTH=on and no API keys are configured.
 */
export function createServer({
  config,
  services,
  log,
  metrics: registerMetrics,
  schema,
}: ServerDeps): Server {
  const auth = createAuthenticator(config, log);
  const authn = useAuthentication(auth);
  const metrics = createMetrics();
  registerMetrics?.(metrics.registry);

  const metricsAuthorized = (request: Request): boolean => {
    if (config.metricsPublic || auth.open) return true;
    try {
      return auth.authenticate(request.headers.get('authorization')).role !== null;
    } catch {
      return false;
    }
  };

  const responses = responseCache(services, authn.principalOf, {
    max: config.answer?.responseCacheMax ?? DEFAULT_RESPONSE_CACHE_MAX,
  });
  responses.register(metrics.registry);

  const plugins: Plugin[] = [
    observePlugin(metrics, log, authn.principalOf),
    metricsEndpointPlugin(metrics.registry, metricsAuthorized, log),
    readinessPlugin(services, log),
    uiPlugin(),
    authn.plugin,
    limitsPlugin(config.limits, { blockFieldSuggestions: !config.introspection }),
    // After authentication (it reads the principal), before parsing (a hit skips it).
    responses.plugin as Plugin,
  ];
  if (!config.introspection) plugins.push(disableIntrospectionPlugin());

  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema: schema ?? buildSchema(),
    graphqlEndpoint: '/graphql',
    context: ({ request }) => ({
      services,
      principal:
        authn.principalOf(request) ?? auth.authenticate(request.headers.get('authorization')),
    }),
    maskedErrors: { maskError: createMaskError(log) },
    maxRequestBodySize: config.limits.bodyBytes,
    batching: config.limits.batch > 0 ? { limit: config.limits.batch } : false,
    graphiql: config.graphiql ? { title: 'supportgraph' } : false,
    // Loaded on the first page view: the bundle (GraphiQL, Monaco, workers; no CDN) is 9 MB of JS,
    // too much to parse in every `kg` command and in servers that never show it.
    renderGraphiQL: async (options) => {
      const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
      return renderGraphiQL(options);
    },
    landingPage: false,
    logging: {
      debug: (...a: unknown[]) => log.debug({ source: 'yoga' }, format(...a)),
      info: (...a: unknown[]) => log.info({ source: 'yoga' }, format(...a)),
      warn: (...a: unknown[]) => log.warn({ source: 'yoga' }, format(...a)),
      // yoga logs the original of every error it masks here; createMaskError already logs the
      // unexpected ones (domain errors are the caller's, not the server's).
      error: () => {},
    },
    healthCheckEndpoint: '/healthz',
    plugins,
  });
  log.info(
    {
      auth: config.auth,
      apiKeys: config.apiKeys.length,
      graphiql: config.graphiql,
      introspection: config.introspection,
      metricsPublic: config.metricsPublic,
      responseCacheMax: config.answer?.responseCacheMax ?? DEFAULT_RESPONSE_CACHE_MAX,
      limits: config.limits,
    },
    'http front door configured',
  );

  // yoga handles and logs its own errors; its listener returns a promise node does not await.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  const server = http.createServer(yoga);
  return {
    yoga,
    http: server,
    metrics: metrics.registry,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : config.port);
        });
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
