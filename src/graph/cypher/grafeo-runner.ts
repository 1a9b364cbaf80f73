import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { GrafeoDB as GrafeoDBType, GrafeoError } from '@grafeo-db/js';
import { UnavailableError } from '../../errors.js';
import type { CypherRunner, CypherTx } from './runner.js';

// @grafeo-db/js is CommonJS with a native addon; load it the CommonJS way.
const require = createRequire(import.meta.url);
const { GrafeoDB } = require('@grafeo-db/js') as { GrafeoDB: typeof GrafeoDBType };

export interface GrafeoRunnerOptions {
  /** Directory holding the database file; `null` for an in-memory database (tests). */
  dir: string | null;
  /** How often a transaction that hit a write-write conflict is retried. @default 5 */
  maxRetries?: number;
}

/** File name of the database inside the data directory. */
export const GRAFEO_FILE = 'graph.grafeo';

const CONFLICT = 'GRAFEO-T001';

/** Written next to the database while a process has it open (informational, not the lock). */
const OWNER_FILE = 'owner.json';

interface Owner {
  pid: number;
  command: string;
  since: string;
}

function describeOwner(ownerFile: string): string {
  try {
    const o = JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as Owner;
    return `process ${o.pid} (${o.command}, since ${o.since})`;
  } catch {
    return 'another process';
  }
}

/**
 * Runs Cypher on an embedded Grafeo database.
 *
 * Writes are serialised in-process (one write transaction at a time) and a transaction that still
 * meets a write-write conflict (`GRAFEO-T001`) is retried with backoff, as neo4j-driver retries
 * transient errors. Reads run outside explicit transactions and see committed data.
 * Grafeo allows one process per database file: a second open fails, and we say which file is locked.
 */
export class GrafeoRunner implements CypherRunner {
  readonly dialect = 'grafeo' as const;
  private readonly db: GrafeoDBType;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private readonly maxRetries: number;
  private closed = false;
  private ownerFile: string | null = null;

  constructor(options: GrafeoRunnerOptions) {
    this.maxRetries = options.maxRetries ?? 5;
    if (options.dir === null) {
      this.db = GrafeoDB.create();
      return;
    }
    fs.mkdirSync(options.dir, { recursive: true });
    const file = path.join(options.dir, GRAFEO_FILE);
    this.ownerFile = path.join(options.dir, OWNER_FILE);
    try {
      this.db = fs.existsSync(file) ? GrafeoDB.open(file) : GrafeoDB.create(file);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/cannot be locked/i.test(message)) {
        throw new UnavailableError(
          `the embedded store at ${file} is in use by ${describeOwner(this.ownerFile)}. Grafeo ` +
            `allows one process per database: stop that process, or run this against the server.`,
          { file },
        );
      }
      throw new UnavailableError(`cannot open the embedded store at ${file}: ${message}`, { file });
    }
    // Say who holds the database, so a second process can name it in its error.
    const owner: Owner = {
      pid: process.pid,
      command: process.argv.slice(1).join(' '),
      since: new Date().toISOString(),
    };
    fs.writeFileSync(this.ownerFile, JSON.stringify(owner) + '\n');
  }

  async read<T>(work: (tx: CypherTx) => Promise<T>): Promise<T> {
    this.assertOpen();
    const tx: CypherTx = {
      run: async (cypher, params) => (await this.db.executeCypher(cypher, params ?? {})).toArray(),
    };
    return work(tx);
  }

  write<T>(work: (tx: CypherTx) => Promise<T>): Promise<T> {
    this.assertOpen();
    const next = this.writeQueue.then(() => this.writeWithRetry(work));
    // Keep the queue alive whatever this transaction's outcome.
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  private async writeWithRetry<T>(work: (tx: CypherTx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const t = this.db.beginTransaction();
      try {
        const tx: CypherTx = {
          run: async (cypher, params) => (await t.executeCypher(cypher, params ?? {})).toArray(),
        };
        const result = await work(tx);
        t.commit();
        return result;
      } catch (e) {
        if (t.isActive) t.rollback();
        if (attempt < this.maxRetries && isConflict(e)) {
          await sleep(5 * 2 ** attempt + Math.random() * 5);
          continue;
        }
        throw e;
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeQueue;
    this.db.close();
    if (this.ownerFile) fs.rmSync(this.ownerFile, { force: true });
  }

  private assertOpen(): void {
    if (this.closed) throw new UnavailableError('the embedded store is closed');
  }
}

function isConflict(e: unknown): boolean {
  const err = e as GrafeoError | undefined;
  return typeof err?.message === 'string' && err.message.includes(CONFLICT);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
