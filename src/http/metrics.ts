import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Principal } from '../auth.js';

/**
 * Lets the rest of the service add its own metrics to the server's registry, e.g. answer-cache
 * counters. Called once by `createServer` with the registry `/metrics` serves (not prom-client's
 * global one). Create metrics with `registers: [registry]`:
 *
 * ```ts
 * const metrics: RegisterMetrics = (registry) => {
 *   new Counter({ name: 'kg_answer_cache_hits_total', help: '…', registers: [registry] });
 *   // or read live values at scrape time:
 *   new Gauge({ name: 'kg_answer_cache_entries', help: '…', registers: [registry],
 *     collect() { this.set(cache.size); } });
 * };
 * createServer({ config, services, log, metrics });
 * ```
 */
export type RegisterMetrics = (registry: Registry) => void;

/** A counter whose value is read from its owner at scrape time (e.g. a cache's hit count). */
export function liveCounter(
  registry: Registry,
  name: string,
  help: string,
  read: () => number,
): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/** A gauge whose value is read from its owner at scrape time. */
export function liveGauge(
  registry: Registry,
  name: string,
  help: string,
  read: () => number,
): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

/** The route label: known routes by name, anything else 'other' (labels stay few). */
export function routeOf(pathname: string): string {
  switch (pathname) {
    case '/graphql':
    case '/healthz':
    case '/readyz':
    case '/metrics':
      return pathname;
    default:
      return pathname === '/ui' || pathname.startsWith('/ui/') ? '/ui' : 'other';
  }
}

const METHODS = new Set(['GET', 'POST', 'OPTIONS', 'HEAD']);

/** Probes and scrapes: their request log line is at debug level, the rest at info. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

export interface HttpMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
}

/** A registry with process metrics and the HTTP request counter and duration histogram. */
export function createMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  return {
    registry,
    requests: new Counter({
      name: 'kg_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'kg_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, until the response headers, by method, route and status',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

/**
 * Counts and times every request (including those answered early: health, GraphiQL, CORS
 * preflights) and writes one log line per request: method, route, status, duration and the key
 * name of the caller; never the URL (a GET query string can carry ticket text) nor the body.
 */
export function observePlugin(
  metrics: HttpMetrics,
  log: Logger,
  principalOf: (request: Request) => Principal | undefined,
): Plugin {
  const started = new WeakMap<Request, number>();
  return {
    instrumentation: {
      request({ request }, wrapped) {
        started.set(request, performance.now());
        return wrapped();
      },
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      const seconds = start === undefined ? 0 : (performance.now() - start) / 1000;
      const route = routeOf(new URL(request.url, 'http://localhost').pathname);
      const method = METHODS.has(request.method) ? request.method : 'other';
      const labels = { method, route, status: String(response.status) };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, seconds);
      const line = {
        method: request.method,
        route,
        status: response.status,
        durationMs: Math.round(seconds * 1e4) / 10,
        keyName: principalOf(request)?.keyName ?? null,
      };
      if (QUIET_ROUTES.has(route)) log.debug(line, 'request');
      else log.info(line, 'request');
    },
  };
}

/**
 * `GET /metrics`: Prometheus text format. `authorized` decides whether the request may read it
 * (KG_METRICS_PUBLIC); a refusal answers 401 with a JSON error.
 */
export function metricsEndpointPlugin(
  registry: Registry,
  authorized: (request: Request) => boolean,
  log: Logger,
): Plugin {
  return {
    async onRequest(payload) {
      const { url, request } = payload;
      if (url.pathname !== '/metrics') return;
      // onRequest errors are not caught by the server: nothing here may throw.
      try {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          payload.endResponse(new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
          return;
        }
        if (!authorized(request)) {
          payload.endResponse(
            Response.json(
              {
                errors: [
                  {
                    message: '/metrics needs an API key: send Authorization: Bearer <key>',
                    extensions: { code: 'UNAUTHENTICATED' },
                  },
                ],
              },
              { status: 401, headers: { 'www-authenticate': 'Bearer' } },
            ),
          );
          return;
        }
        payload.endResponse(
          new Response(await registry.metrics(), {
            status: 200,
            headers: { 'content-type': registry.contentType },
          }),
        );
      } catch (e) {
        log.error({ err: e }, 'metrics collection failed');
        payload.endResponse(new Response(null, { status: 500 }));
      }
    },
  };
}
