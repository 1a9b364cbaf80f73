import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/** Fields that hold ticket text (or may: request bodies, GraphQL variables). */
const TICKET_FIELDS = [
  'question',
  'subject',
  'description',
  'resolution',
  'body',
  'variables',
  'text',
] as const;

/**
 * pino `redact` paths censored when `KG_LOG_REDACT` is on: each ticket field at the top level of a
 * log line and one or two levels down (`{ req: { body } }`, `{ input: { ticket: { subject } } }`).
 */
export const REDACT_PATHS: readonly string[] = TICKET_FIELDS.flatMap((f) => [
  f,
  `*.${f}`,
  `*.*.${f}`,
]);

/** What replaces redacted values. */
export const REDACTED = '[redacted]';

/**
 * Structured JSON logs on stderr (stdout stays for command output). `destination` is for tests.
 * With `logRedact` (the default) ticket text is censored; error messages are logged as they are,
 * so code must not put ticket text in error messages (see src/errors.ts).
 */
export function createLogger(
  config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logRedact'>>,
  destination: DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'supportgraph' },
      ...((config.logRedact ?? true)
        ? { redact: { paths: [...REDACT_PATHS], censor: REDACTED } }
        : {}),
    },
    destination,
  );
}
