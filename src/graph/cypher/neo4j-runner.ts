import neo4j from 'neo4j-driver';
import { UnavailableError } from '../../errors.js';
import type { CypherRunner, CypherTx, Row } from './runner.js';

/**
 * The slice of neo4j-driver this runner uses. Narrow on purpose: the Cypher snapshot tests pass a
 * recording fake session with this shape, exactly as the neo4j/graphql library's TCK does.
 */
export interface TxLike {
  run(
    cypher: string,
    params?: Record<string, unknown>,
  ): PromiseLike<{ records: { toObject(): Record<string, unknown> }[] }>;
}
export interface SessionLike {
  executeRead<T>(work: (tx: TxLike) => Promise<T>): Promise<T>;
  executeWrite<T>(work: (tx: TxLike) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
export interface DriverLike {
  session(config: { database: string; defaultAccessMode: 'READ' | 'WRITE' }): SessionLike;
  close(): Promise<void>;
}

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database: string;
}

/** Opens a real neo4j-driver driver. Integers come back as JS numbers (ids and counts fit). */
export function openNeo4jDriver(c: Neo4jConnection): DriverLike {
  const driver = neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password), {
    disableLosslessIntegers: true,
    maxTransactionRetryTime: 15_000,
  });
  return driver;
}

/**
 * Runs Cypher through neo4j-driver managed transactions (`executeRead` / `executeWrite`), which
 * retry transient errors (deadlocks, leader switches) with backoff.
 */
export class Neo4jRunner implements CypherRunner {
  readonly dialect = 'neo4j' as const;

  constructor(
    private readonly driver: DriverLike,
    private readonly database: string,
  ) {}

  read<T>(work: (tx: CypherTx) => Promise<T>): Promise<T> {
    return this.withSession('READ', (s) => s.executeRead((tx) => work(wrap(tx))));
  }

  write<T>(work: (tx: CypherTx) => Promise<T>): Promise<T> {
    return this.withSession('WRITE', (s) => s.executeWrite((tx) => work(wrap(tx))));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async withSession<T>(
    mode: 'READ' | 'WRITE',
    fn: (s: SessionLike) => Promise<T>,
  ): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: mode });
    try {
      return await fn(session);
    } catch (e) {
      throw translateNeo4jError(e);
    } finally {
      await session.close();
    }
  }
}

function wrap(tx: TxLike): CypherTx {
  return {
    run: async (cypher, params) => {
      const result = await tx.run(cypher, toNeo4jParams(params ?? {}));
      return result.records.map((r) => toPlain(r.toObject()) as Row);
    },
  };
}

/**
 * DIALECT DIFFERENCE: JS numbers reach Neo4j as floats, but `LIMIT $n` and integer properties need
 * Neo4j integers, so whole numbers in parameters are sent as Integers. (Grafeo takes JS numbers
 * as they are.)
 */
export function toNeo4jParams(v: Record<string, unknown>): Record<string, unknown> {
  return toNeo4jValue(v) as Record<string, unknown>;
}

function toNeo4jValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? neo4j.int(v) : v;
  if (Array.isArray(v)) return v.map(toNeo4jValue);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toNeo4jValue(x)]));
  }
  return v;
}

/** neo4j values → plain JSON-like values (lossless Integers, if any slipped through, to numbers). */
function toPlain(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (neo4j.isInt(v)) return (v as { toNumber(): number }).toNumber();
  if (Array.isArray(v)) return v.map(toPlain);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
}

/** The one place Neo4j's error codes become domain errors. */
function translateNeo4jError(e: unknown): unknown {
  const code = (e as { code?: string } | null)?.code ?? '';
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new UnavailableError(`Neo4j is unreachable: ${(e as Error).message}`, { code });
  }
  return e;
}
