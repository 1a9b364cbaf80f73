import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Services } from '../services.js';

/**
 * What readiness needs from the services: `health()` (the store answers) and, once the answer
 * service exists, `ready()` (its index is loaded). Services without `ready` count as ready.
 */
export type ReadinessServices = Pick<Services, 'health'> & {
  ready?: () => boolean | Promise<boolean>;
};

/**
 * `GET /readyz`: 200 with the health object when `services.health()` resolves and
 * `services.ready()` (if there is one) is true; otherwise 503 with `{ ok: false, reason }`. The
 * reason never carries an error message (those are logged).
 */
export function readinessPlugin(services: ReadinessServices, log: Logger): Plugin {
  return {
    async onRequest(payload) {
      const { url, request } = payload;
      if (url.pathname !== '/readyz' || (request.method !== 'GET' && request.method !== 'HEAD')) {
        return;
      }
      // onRequest errors are not caught by the server: nothing here may throw.
      let health: unknown;
      try {
        health = await services.health();
      } catch (e) {
        log.warn({ err: e }, 'readiness check failed: store');
        payload.endResponse(
          Response.json({ ok: false, reason: 'store unavailable' }, { status: 503 }),
        );
        return;
      }
      try {
        const ready = typeof services.ready === 'function' ? await services.ready() : true;
        if (!ready) {
          payload.endResponse(
            Response.json({ ok: false, reason: 'answer index not loaded' }, { status: 503 }),
          );
          return;
        }
      } catch (e) {
        log.warn({ err: e }, 'readiness check failed: ready()');
        payload.endResponse(
          Response.json({ ok: false, reason: 'readiness check failed' }, { status: 503 }),
        );
        return;
      }
      payload.endResponse(Response.json(health, { status: 200 }));
    },
  };
}
