import type { GraphQLError } from 'graphql';
import { createGraphQLError, type MaskError } from 'graphql-yoga';
import type { Logger } from 'pino';
import { HTTP_STATUS, isDomainError, type DomainError, type ErrorCode } from '../errors.js';

/** The message of every error that is not ours to explain. */
export const UNEXPECTED_MESSAGE = 'Unexpected error.';

/**
 * Codes yoga gives to problems with the HTTP request itself; they answer as BAD_USER_INPUT with
 * yoga's status (400, or 413 for a too-large body or batch).
 */
const YOGA_REQUEST_CODES = new Set(['BAD_REQUEST', 'REQUEST_ENTITY_TOO_LARGE']);

/** A GraphQL name, or a type reference such as `[ID!]!`. */
const TYPE = String.raw`\[?[_A-Za-z][_0-9A-Za-z]*!?\]?!?`;
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * Why graphql-js refused a value, from its message, in words that hold only names from the
 * schema. graphql-js prints the refused value into these messages (a whole ticket, if that is
 * what was sent); the rewritten message never does.
 */
const REASONS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/ does not exist in "(\w+)" enum/, (m) => `not a value of enum ${m[1]}`],
  [/Enum "(\w+)" cannot represent/, (m) => `not a value of enum ${m[1]}`],
  [/\bInt cannot represent non 32-bit/, () => 'not a 32-bit integer'],
  [/\b(String|Int|Float|Boolean|ID) cannot represent/, (m) => `not a valid ${m[1]}`],
  [new RegExp(`Expected type "(${TYPE})" to be an object`), (m) => `expected an ${m[1]} object`],
  [
    new RegExp(`Field "(\\w+)" of required type "(${TYPE})" was not provided`),
    (m) => `required field ${m[1]} (${m[2]}) was not provided`,
  ],
  [
    /Field "([^"]*)" is not defined by type "(\w+)"/,
    (m) => (NAME.test(m[1]!) ? `${m[2]} has no field ${m[1]}` : `unknown field in ${m[2]}`),
  ],
  [/Expected non-nullable type "[^"]*" not to be null/, () => 'must not be null'],
  [new RegExp(`Expected value of type "(${TYPE})"`), (m) => `expected a value of type ${m[1]}`],
];

function reasonOf(message: string): string {
  for (const [re, say] of REASONS) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return 'the value does not fit its type';
}

const VARIABLE_VALUE = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value /;
const VALUE_PATH = / at "([_A-Za-z][_0-9A-Za-z]*(?:\.[_A-Za-z][_0-9A-Za-z]*|\[\d+\])*)"; /;
/** graphql-js validation messages about a literal value in the document (they print it). */
const LITERAL_VALUE =
  /^(?:Expected value of type "|Value .* does not exist in "|Enum "\w+" cannot represent|(?:String|Int|Float|Boolean|ID) cannot represent|Argument "\w+" has invalid value )/s;

/**
 * graphql-js's messages about a value that does not fit its type, rewritten without the value:
 * `Variable "$input" got an invalid value at "input.lang": not a value of enum Lang.` Other
 * messages come back unchanged.
 */
export function redactValues(message: string): string {
  const variable = VARIABLE_VALUE.exec(message);
  if (variable) {
    const at = VALUE_PATH.exec(message);
    const where = at ? ` at "${at[1]}"` : '';
    return `Variable "$${variable[1]}" got an invalid value${where}: ${reasonOf(message)}.`;
  }
  if (LITERAL_VALUE.test(message)) return `Invalid value: ${reasonOf(message)}.`;
  return message;
}

/**
 * A GraphQLError of any copy of `graphql` (by name, not `instanceof`: a bundler may load the ESM
 * and the CommonJS build of graphql side by side, as vitest does).
 */
export function isGraphQLError(e: unknown): e is GraphQLError {
  return e instanceof Error && e.name === 'GraphQLError';
}

/** The first DomainError in the error itself or its `originalError` chain. */
export function findDomainError(error: unknown): DomainError | null {
  const seen = new Set<unknown>();
  let e: unknown = error;
  while (e instanceof Error && !seen.has(e)) {
    if (isDomainError(e)) return e;
    seen.add(e);
    e = isGraphQLError(e) ? e.originalError : undefined;
  }
  return null;
}

/** A GraphQLError (or one wrapping another GraphQLError) that no resolver code threw. */
function isOriginalGraphQLError(e: unknown): e is GraphQLError {
  if (!isGraphQLError(e)) return false;
  return e.originalError == null || isOriginalGraphQLError(e.originalError);
}

/** Location, source and path of a GraphQL error, so a mapped error points at the same field. */
function located(error: unknown): Parameters<typeof createGraphQLError>[1] & object {
  if (!isGraphQLError(error)) return {};
  return {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
  };
}

/** The GraphQL error a domain error becomes: its message, its code and its HTTP status. */
export function domainGraphQLError(domain: DomainError, at?: unknown): GraphQLError {
  const code: ErrorCode = domain.code;
  const http: { status: number; headers?: Record<string, string> } = { status: HTTP_STATUS[code] };
  if (code === 'UNAUTHENTICATED') http.headers = { 'WWW-Authenticate': 'Bearer' };
  return createGraphQLError(domain.message, {
    ...located(at),
    extensions: {
      code,
      ...(Object.keys(domain.details).length > 0 ? { details: domain.details } : {}),
      http,
    },
  });
}

/**
 * yoga's `maskedErrors.maskError`: the one place errors become what clients see.
 *
 * | error                                            | `extensions.code`             | HTTP status         |
 * | ------------------------------------------------ | ----------------------------- | ------------------- |
 * | a `DomainError` (itself or in `originalError`)   | its code                      | `HTTP_STATUS[code]` |
 * | yoga request errors (bad JSON, batch, body size) | `BAD_USER_INPUT`              | yoga's (400 / 413)  |
 * | GraphQL syntax errors                            | `GRAPHQL_PARSE_FAILED` (yoga) | 400 / 200¹          |
 * | GraphQL validation errors, introspection off     | `GRAPHQL_VALIDATION_FAILED`   | 400 / 200¹          |
 * | variables that do not fit their type             | `BAD_USER_INPUT`              | 400                 |
 * | limits (src/http/limits.ts)                      | `BAD_USER_INPUT`              | 400                 |
 * | anything else                                    | `INTERNAL_SERVER_ERROR`       | 500                 |
 *
 * ¹ yoga's behaviour, kept: 400 for `Accept: application/graphql-response+json`, 200 for
 * `application/json` (GraphQL over HTTP). Other GraphQL errors yoga or a plugin raised keep their
 * code. Messages about a value that does not fit its type (variables and literals) are rewritten
 * without the value (`redactValues`): it may be ticket text, or a megabyte. "Anything else" answers `Unexpected error.` with no stack and no trace of the original
 * message (it may hold ticket text); the original is logged at error level.
 */
export function createMaskError(log: Logger): MaskError {
  return (error: unknown) => {
    const domain = findDomainError(error);
    if (domain) return domainGraphQLError(domain, error);
    if (isOriginalGraphQLError(error)) {
      const code = error.extensions['code'];
      if (code === undefined && error.message.startsWith('Variable "$')) {
        // Variable coercion (graphql-js execute): the caller's input, so BAD_USER_INPUT.
        return createGraphQLError(redactValues(error.message), {
          ...located(error),
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
      if (code === 'GRAPHQL_VALIDATION_FAILED') {
        const message = redactValues(error.message);
        if (message !== error.message)
          return createGraphQLError(message, { ...located(error), extensions: error.extensions });
      }
      if (code === 'BAD_USER_INPUT' || (typeof code === 'string' && YOGA_REQUEST_CODES.has(code))) {
        // yoga marks parse errors `spec` (200 for application/json) even when a limit raised them.
        const http = (error.extensions['http'] ?? {}) as { status?: number };
        return createGraphQLError(error.message, {
          ...located(error),
          extensions: {
            ...error.extensions,
            code: 'BAD_USER_INPUT',
            http: { ...http, status: http.status ?? 400, spec: false },
          },
        });
      }
      return error;
    }
    const original = isGraphQLError(error) ? (error.originalError ?? error) : error;
    log.error(
      {
        err: original,
        ...(isGraphQLError(error) && error.path ? { path: error.path.join('.') } : {}),
      },
      'unexpected error (answered as INTERNAL_SERVER_ERROR)',
    );
    return createGraphQLError(UNEXPECTED_MESSAGE, {
      ...located(error),
      extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } },
    });
  };
}
