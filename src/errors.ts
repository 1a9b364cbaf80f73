/**
 * The one error hierarchy of the service. Every layer throws these; the GraphQL layer maps them
 * once (by `code`) to GraphQL error codes and HTTP statuses, and the CLI maps them to exit codes.
 * Anything else that escapes is a bug and is masked as INTERNAL_SERVER_ERROR.
 */

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** HTTP status for each code (used by the server and by `/healthz`-style endpoints). */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/** CLI exit code for each code: 1 for problems with the user's input, 2 for everything else. */
export const EXIT_CODE: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 1,
  NOT_FOUND: 1,
  CONFLICT: 1,
  UNAUTHENTICATED: 1,
  FORBIDDEN: 1,
  UNAVAILABLE: 2,
  INTERNAL_SERVER_ERROR: 2,
};

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra facts safe to show to the caller (never ticket text or stack traces). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** The caller sent something unusable: a bad argument, a malformed file, an invalid ontology. */
export class BadInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

/** The request contradicts the current state (e.g. removing a concept that still has instances). */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

/** A dependency is not usable right now (store unreachable, database locked by another process). */
export class UnavailableError extends DomainError {
  readonly code = 'UNAVAILABLE';
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
