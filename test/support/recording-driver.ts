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

/** Answers each statement with the row shape the store reads, so every code path runs. */
export function shapeRows(
  cypher: string,
  params: Record<string, unknown>,
): Record<string, unknown>[] {
  const n = Array.isArray(params.rows)
    ? params.rows.length
    : Array.isArray(params.ids)
      ? params.ids.length
      : 0;
  if (cypher.includes('AS merged')) return [{ merged: n }];
  if (cypher.includes('AS removed')) return [{ removed: n }];
  if (cypher.includes('AS deleted')) return [{ deleted: n }];
  if (cypher.startsWith('MATCH (m:`SchemaMigration`')) return [];
  if (cypher.includes('f {.*} AS props'))
    return [
      {
        props: { id: 'f1', title: 't' },
        concepts: ['c'],
        components: [],
        cases: ['k1'],
        causeIds: ['c1'],
        solutionIds: ['s2'],
      },
    ];
  if (cypher.includes('c {.*} AS props,\n  [(c)-[:`INSTANCE_OF`]'))
    return [{ props: { id: 'c1' }, concepts: [], cases: ['k1'], solutionIds: ['s1'] }];
  if (cypher.includes('s {.*} AS props'))
    return [
      { props: { id: 's1' }, concepts: [], cases: [] },
      { props: { id: 's2' }, concepts: [], cases: [] },
    ];
  if (cypher.includes('AS faults')) return [{ faults: ['f1'], causes: ['c1'], solutions: ['s1'] }];
  if (cypher.includes("SET x.state = 'ARCHIVED'")) return [];
  return [];
}
