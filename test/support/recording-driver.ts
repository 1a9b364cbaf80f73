import type { DriverLike, SessionLike, TxLike } from '../../src/graph/cypher/neo4j-runner.js';

export interface RecordedCall {
  mode: 'READ' | 'WRITE';
  cypher: string;
  params: Record<string, unknown>;
}

export type Responder = (
  cypher: string,
  params: Record<string, unknown>,
) => Record<string, unknown>[];

/**
 * A fake neo4j-driver that records every `run(cypher, params)` (as the neo4j/graphql TCK does) and
 * answers with rows from `respond`. Lets the Neo4j adapter's Cypher be snapshotted without a server.
 */
export class RecordingDriver implements DriverLike {
  readonly calls: RecordedCall[] = [];
  respond: Responder = () => [];

  session(config: { database: string; defaultAccessMode: 'READ' | 'WRITE' }): SessionLike {
    const mode = config.defaultAccessMode;
    const tx: TxLike = {
      run: (cypher, params = {}) => {
        this.calls.push({ mode, cypher, params });
        const rows = this.respond(cypher, params);
        return Promise.resolve({ records: rows.map((r) => ({ toObject: () => r })) });
      },
    };
    return {
      executeRead: (work) => work(tx),
      executeWrite: (work) => work(tx),
      close: () => Promise.resolve(),
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  take(): RecordedCall[] {
    return this.calls.splice(0, this.calls.length);
  }
}
