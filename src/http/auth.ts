import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { ANONYMOUS, DEV_PRINCIPAL, type Principal } from '../auth.js';
import type { ApiKey, Config } from '../config.js';
import { BadInputError, UnauthenticatedError } from '../errors.js';

/** Logged at start whenever KG_AUTH=off. */
export const AUTH_OFF_WARNING =
  'authentication is OFF: every request may read and write; never run like this in production';

/** `Bearer <token>` (RFC 6750 b64token); the scheme is case-insensitive. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export interface Authenticator {
  /** True when KG_AUTH=off. */
  readonly open: boolean;
  /**
   * The caller of a request with this `Authorization` header. No header or an unknown key →
   * anonymous (resolvers decide what anonymous may do); a header that is not `Bearer <token>` →
   * `UnauthenticatedError` (401). With KG_AUTH=off: the dev principal, whatever the header.
   */
  authenticate(authorization: string | null): Principal;
}

/**
 * Builds the authenticator from the config. Refuses (BadInputError) KG_AUTH=on without keys, and
 * logs a warning when KG_AUTH=off.
 */
export function createAuthenticator(
  config: Pick<Config, 'auth' | 'apiKeys'>,
  log: Logger,
): Authenticator {
  if (config.auth === 'off') {
    log.warn({ auth: 'off' }, AUTH_OFF_WARNING);
    return { open: true, authenticate: () => DEV_PRINCIPAL };
  }
  if (config.apiKeys.length === 0) {
    throw new BadInputError(
      'authentication is on (KG_AUTH=on, the default when NODE_ENV=production) but no API keys ' +
        'are configured: set KG_API_KEYS=name:role:key,… (roles: bot, curator, importer), or set ' +
        'KG_AUTH=off for local development only',
    );
  }
  // Both sides are hashed to equal-length digests, so timingSafeEqual never sees lengths differ
  // and every key is compared (no early exit) on every request.
  const keys = config.apiKeys.map((k: ApiKey) => ({
    digest: sha256(k.key),
    principal: { role: k.role, keyName: k.name, devMode: false } satisfies Principal,
  }));
  return {
    open: false,
    authenticate(authorization) {
      if (authorization === null || authorization.trim() === '') return ANONYMOUS;
      const m = BEARER.exec(authorization);
      if (!m) {
        throw new UnauthenticatedError(
          'malformed Authorization header: expected Authorization: Bearer <key>',
        );
      }
      const presented = sha256(m[1]!);
      let found: Principal = ANONYMOUS;
      for (const k of keys) if (timingSafeEqual(presented, k.digest)) found = k.principal;
      return found;
    },
  };
}

/**
 * Authenticates each GraphQL request once, before it is parsed (so a malformed header answers 401
 * whatever the query), and remembers the principal for the context and the request log.
 */
export function useAuthentication(auth: Authenticator): {
  plugin: Plugin;
  principalOf: (request: Request) => Principal | undefined;
} {
  const principals = new WeakMap<Request, Principal>();
  return {
    plugin: {
      onRequestParse({ request }) {
        principals.set(request, auth.authenticate(request.headers.get('authorization')));
      },
    },
    principalOf: (request) => principals.get(request),
  };
}
