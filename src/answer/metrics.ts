import { liveCounter, liveGauge, type RegisterMetrics } from '../http/metrics.js';
import type { AnswerService } from './answer-service.js';

/** The answer cache's counters and size for `/metrics`, read from the cache at scrape time. */
export function answerMetrics(answers: AnswerService): RegisterMetrics {
  return (registry) => {
    const counter = (name: string, help: string, read: () => number) =>
      liveCounter(registry, name, help, read);
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
    liveGauge(
      registry,
      'kg_answer_cache_entries',
      'Answers in the answer cache.',
      () => answers.cacheStats().size,
    );
    liveGauge(registry, 'kg_answer_index_ready', '1 once the answer index is loaded.', () =>
      answers.ready() ? 1 : 0,
    );
  };
}
