import type { Logger } from 'pino';
import type { GraphStore, UsageCounts } from '../graph/store.js';

/**
 * Counts answers served per UTC day and writes the counts to the graph in batches, so deflection
 * (HELPFUL feedback / answers served) survives restarts without a write in the answer path.
 *
 * Why batched: `answer` is the hot path (thousands a second from the cache); one store write per
 * answer would cost more than the answer itself. The counts are kept in memory and written in one
 * `addUsage` statement at most every `flushMs` after the first uncounted answer (no timer while
 * idle), and on `close()` (the server's shutdown). A crash loses at most `flushMs` of counts;
 * `pending()` lets the metrics query add the unwritten counts, so its figures are current. A failed
 * write keeps the counts for the next one.
 *
 * HELPFUL feedback is not counted here: it is rare, and `recordOutcome` adds it to the same day
 * counters in its own transaction (exactly once per changed outcome).
 */
export class UsageRecorder {
  private counts = new Map<string, UsageCounts>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly store: Pick<GraphStore, 'addUsage'>,
    private readonly options: { flushMs: number; clock?: () => Date; log?: Logger },
  ) {}

  /** One answer request; `served` when it returned at least one candidate. */
  answered(served: boolean): void {
    const day = (this.options.clock?.() ?? new Date()).toISOString().slice(0, 10);
    const c = this.counts.get(day) ?? { day, questions: 0, answersServed: 0, helpful: 0 };
    c.questions += 1;
    if (served) c.answersServed += 1;
    this.counts.set(day, c);
    this.schedule();
  }

  /** Counts not yet written to the store. */
  pending(): UsageCounts[] {
    return [...this.counts.values()].map((c) => ({ ...c }));
  }

  /** Writes the pending counts now (waits for a write already under way). */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.flushing) await this.flushing;
    if (this.counts.size === 0) return;
    const batch = [...this.counts.values()];
    this.counts = new Map();
    this.flushing = this.store
      .addUsage(batch)
      .catch((err: unknown) => {
        // Keep the counts: the next flush writes them.
        for (const c of batch) this.merge(c);
        this.options.log?.warn({ err }, 'usage counters not written; will retry');
        if (!this.closed) this.schedule();
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  /** Stops the timer and writes what is pending (call before closing the store). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private merge(c: UsageCounts): void {
    const have = this.counts.get(c.day);
    if (!have) {
      this.counts.set(c.day, { ...c });
      return;
    }
    have.questions += c.questions;
    have.answersServed += c.answersServed;
    have.helpful += c.helpful;
  }

  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.flushMs);
    // Never keeps the process alive on its own.
    this.timer.unref();
  }
}
