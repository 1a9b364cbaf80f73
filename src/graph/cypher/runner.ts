/**
 * The small seam between the Cypher store and a database: "run this Cypher in a read or write
 * transaction". Two implementations: neo4j-driver sessions (`neo4j-runner.ts`) and the embedded
 * Grafeo engine (`grafeo-runner.ts`). Every query the service runs goes through here, so the
 * embedded store in every test run executes the production Cypher.
 */

/** A row as a plain object; values are JSON-like (numbers, strings, booleans, null, arrays, maps). */
export type Row = Record<string, unknown>;

export interface CypherTx {
  run(cypher: string, params?: Record<string, unknown>): Promise<Row[]>;
}

/**
 * Which engine runs the Cypher. The few dialect differences are decided on this value in one place
 * each (migrations); the queries themselves are one text for both.
 */
export type Dialect = 'neo4j' | 'grafeo';

export interface CypherRunner {
  readonly dialect: Dialect;
  /** Runs `work` in a read transaction (retried on transient errors by the engine's driver). */
  read<T>(work: (tx: CypherTx) => Promise<T>): Promise<T>;
  /** Runs `work` in one write transaction: all its statements commit together or not at all. */
  write<T>(work: (tx: CypherTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
