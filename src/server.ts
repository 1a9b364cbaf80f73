import http from 'node:http';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { buildSchema } from './resolvers/schema.js';
import type { GraphQLContext } from './resolvers/context.js';
import type { Services } from './services.js';

export interface ServerDeps {
  config: Pick<Config, 'port' | 'host'>;
  services: Services;
  log: Logger;
}

export interface Server {
  yoga: YogaServerInstance<Record<string, unknown>, GraphQLContext>;
  http: http.Server;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The HTTP front door: GraphQL at `/graphql`, liveness at `/healthz`, readiness (store reachable)
 * at `/readyz`. Errors are masked by yoga unless they are GraphQL errors we raised.
 */
export function createServer({ config, services, log }: ServerDeps): Server {
  const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    context: () => ({ services }),
    maskedErrors: true,
    logging: {
      debug: (...a: unknown[]) => log.debug(a),
      info: (...a: unknown[]) => log.info(a),
      warn: (...a: unknown[]) => log.warn(a),
      error: (...a: unknown[]) => log.error(a),
    },
    healthCheckEndpoint: '/healthz',
    plugins: [
      {
        async onRequest(payload) {
          if (payload.url.pathname !== '/readyz' || payload.request.method !== 'GET') return;
          try {
            const health = await services.health();
            payload.endResponse(Response.json(health, { status: 200 }));
          } catch (e) {
            log.warn({ err: e }, 'readiness check failed');
            payload.endResponse(Response.json({ ok: false }, { status: 503 }));
          }
        },
      },
    ],
  });
  // yoga handles and logs its own errors; its listener returns a promise node does not await.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  const server = http.createServer(yoga);
  return {
    yoga,
    http: server,
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
