import { LRUCache } from 'lru-cache';

export interface AnswerCacheOptions {
  /** Most answers kept. @default 5000 */
  max?: number;
  /** How long an answer stays fresh, in ms (0: no expiry). @default 300000 (5 minutes) */
  ttlMs?: number;
  /** Clock for TTL (injectable for tests). @default performance.now */
  now?: () => number;
}

export interface CacheStats {
  size: number;
  max: number;
  ttlMs: number;
  hits: number;
  misses: number;
  /** Entries dropped for space or age (LRU / TTL). */
  evictions: number;
  /** Entries dropped because a graph write touched something they read. */
  invalidations: number;
}

/**
 * The answer cache: an LRU bounded by entries and TTL, where each entry is tagged with every node
 * (and query term) it read. A graph write evicts only the entries whose tags it touches, so an
 * unrelated write leaves cached answers cached.
 */
export class AnswerCache<V extends object> {
  private readonly lru: LRUCache<string, { value: V; tags: readonly string[] }>;
  private readonly byTag = new Map<string, Set<string>>();
  private readonly counters = { hits: 0, misses: 0, evictions: 0, invalidations: 0 };
  private invalidating = false;

  constructor(options: AnswerCacheOptions = {}) {
    const max = options.max ?? 5000;
    const ttl = options.ttlMs ?? 300_000;
    if (!Number.isInteger(max) || max < 1)
      throw new TypeError('answer cache: max must be a positive integer');
    if (!Number.isInteger(ttl) || ttl < 0)
      throw new TypeError('answer cache: ttlMs must be an integer ≥ 0');
    this.lru = new LRUCache({
      max,
      ttl: ttl === 0 ? undefined : ttl,
      ttlAutopurge: false,
      perf: options.now ? { now: options.now } : undefined,
      dispose: (entry, key, reason) => {
        this.untag(key, entry.tags);
        if (reason === 'evict' || reason === 'expire') this.counters.evictions++;
        else if (reason === 'delete' && this.invalidating) this.counters.invalidations++;
      },
    });
  }

  get(key: string): V | undefined {
    const entry = this.lru.get(key);
    if (entry) this.counters.hits++;
    else this.counters.misses++;
    return entry?.value;
  }

  /** The live entry under `key`, without counting a hit or a miss or refreshing its recency. */
  peek(key: string): V | undefined {
    return this.lru.peek(key)?.value;
  }

  set(key: string, value: V, tags: Iterable<string>): void {
    const unique = [...new Set(tags)];
    this.lru.set(key, { value, tags: unique });
    for (const t of unique) {
      const keys = this.byTag.get(t);
      if (keys) keys.add(key);
      else this.byTag.set(t, new Set([key]));
    }
  }

  /** Evicts every entry tagged with any of `tags`; returns how many. */
  invalidate(tags: Iterable<string>): number {
    const keys = new Set<string>();
    for (const t of tags) for (const k of this.byTag.get(t) ?? []) keys.add(k);
    this.invalidating = true;
    try {
      for (const k of keys) this.lru.delete(k);
    } finally {
      this.invalidating = false;
    }
    return keys.size;
  }

  /** Evicts everything (e.g. the ontology changed), counted as invalidations. */
  clear(): void {
    this.invalidate([...this.byTag.keys()]);
    this.lru.clear();
  }

  stats(): CacheStats {
    return { size: this.lru.size, max: this.lru.max, ttlMs: this.lru.ttl, ...this.counters };
  }

  private untag(key: string, tags: readonly string[]): void {
    for (const t of tags) {
      const keys = this.byTag.get(t);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byTag.delete(t);
    }
  }
}
