import { ForbiddenError, UnauthenticatedError } from './errors.js';

/**
 * API-key roles. Each role includes the rights of the ones before it in its line:
 * `bot` reads and records feedback; `curator` also reviews facts and manages the ontology;
 * `importer` also ingests tickets (it is a bot that can write tickets, not a curator).
 */
export type Role = 'bot' | 'curator' | 'importer';
export const ROLES: readonly Role[] = ['bot', 'curator', 'importer'];

/** What a role may do. */
export type Permission = 'read' | 'feedback' | 'review' | 'ontology' | 'ingest';

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  bot: ['read', 'feedback'],
  curator: ['read', 'feedback', 'review', 'ontology'],
  importer: ['read', 'feedback', 'ingest'],
};

/** Who is calling. `role` is null for a request without a valid key. */
export interface Principal {
  role: Role | null;
  /** A short, non-secret name of the key (for logs), or 'dev' in open dev mode. */
  keyName: string | null;
  /** True when KG_AUTH=off: every request may do everything. */
  devMode: boolean;
}

export const ANONYMOUS: Principal = { role: null, keyName: null, devMode: false };
export const DEV_PRINCIPAL: Principal = { role: null, keyName: 'dev', devMode: true };

export function can(p: Principal, permission: Permission): boolean {
  if (p.devMode) return true;
  return p.role !== null && GRANTS[p.role].includes(permission);
}

/** Throws UNAUTHENTICATED without a key, FORBIDDEN when the key's role lacks the permission. */
export function requirePermission(p: Principal, permission: Permission): void {
  if (p.devMode) return;
  if (p.role === null)
    throw new UnauthenticatedError('an API key is required: send Authorization: Bearer <key>');
  if (!GRANTS[p.role].includes(permission)) {
    throw new ForbiddenError(`the '${p.role}' role may not ${permission}`, {
      role: p.role,
      permission,
    });
  }
}
