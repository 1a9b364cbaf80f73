import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** Structured JSON logs on stderr (stdout stays for command output). */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'supportgraph' } }, pino.destination(2));
}
