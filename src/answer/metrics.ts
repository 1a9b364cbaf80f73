import { Counter, Gauge } from 'prom-client';
import type { RegisterMetrics } from '../http/metrics.js';
import type { AnswerService } from './answer-service.js';

/** The answer cache's counters and size for `/metrics`, read from the cache at scrape time. */
export function answerMetrics(answers: AnswerService): RegisterMetrics {
  return (registry) => {
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers: [registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    counter(
      'kg_answer_cache_hits_total',
      'Answers served from the answer cache.',
      () => answers.cacheStats().hits,
    );
    counter(
      'kg_answer_cache_misses_total',
      'Answers computed because they were not cached.',
      () => answers.cacheStats().misses,
    );
    counter(
      'kg_answer_cache_evictions_total',
      'Cached answers dropped for space or age.',
      () => answers.cacheStats().evictions,
    );
    counter(
      'kg_answer_cache_invalidations_total',
      'Cached answers dropped because a graph write touched what they read.',
      () => answers.cacheStats().invalidations,
    );
    new Gauge({
      name: 'kg_answer_cache_entries',
      help: 'Answers in the answer cache.',
      registers: [registry],
      collect() {
        this.set(answers.cacheStats().size);
      },
    });
    new Gauge({
      name: 'kg_answer_index_ready',
      help: '1 once the answer index is loaded.',
      registers: [registry],
      collect() {
        this.set(answers.ready() ? 1 : 0);
      },
    });
  };
}
