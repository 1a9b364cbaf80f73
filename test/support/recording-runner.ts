import type { CypherRunner, CypherTx } from '../../src/graph/cypher/runner.js';
import type { RecordedCall } from './recording-driver.js';

/**
 * Records every statement a real runner executes (the embedded Grafeo runner in the tests), then
 * runs it unchanged: the database still answers, this only watches. The embedded counterpart of
 * the recording neo4j-driver session in `recording-driver.ts`.
 */
export class RecordingRunner implements CypherRunner {
  readonly calls: RecordedCall[] = [];

  constructor(private readonly inner: CypherRunner) {}

  get dialect(): CypherRunner['dialect'] {
    return this.inner.dialect;
  }

  read<T>(work: (tx: CypherTx) => Promise<T>): Promise<T> {
    return this.inner.read((tx) => work(this.recording(tx, 'READ')));
  }

  write<T>(work: (tx: CypherTx) => Promise<T>): Promise<T> {
    return this.inner.write((tx) => work(this.recording(tx, 'WRITE')));
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The calls recorded since the last `take()`. */
  take(): RecordedCall[] {
    return this.calls.splice(0, this.calls.length);
  }

  private recording(tx: CypherTx, mode: RecordedCall['mode']): CypherTx {
    return {
      run: (cypher, params = {}) => {
        this.calls.push({ mode, cypher, params });
        return tx.run(cypher, params);
      },
    };
  }
}
