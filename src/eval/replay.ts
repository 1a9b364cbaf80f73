import type { ReadItem } from '../extract/read/ticket.js';
import type { EvalEnv } from './env.js';
import { questionOf, splitByClusters, type SplitInput } from './repeat.js';

/**
 * `kg eval replay`: the repeat-inquiry simulation. Rows in created_at (then file) order; the first
 * half is the starting archive; the rest arrive one by one. An arriving row is a repeat if an
 * earlier row of its cluster has arrived or is in the archive; a repeat is deflected when the
 * top-1 answer has provenance to its cluster. Three runs: no graph (nothing is deflected), a static
 * graph (built from the archive only) and an auto-updating graph (every arrival is imported once
 * handled, as the extraction job does in production).
 * Rate = repeats not deflected / arrivals.
 */
export interface ReplayResult {
  arrivals: number;
  repeats: number;
  rate: { none: number; static: number; auto: number };
  /** (none − auto) / none. */
  reduction: number;
}

export async function evalReplay(
  rows: readonly SplitInput[],
  openEnv: () => Promise<EvalEnv>,
  onProgress?: (phase: string, done: number, total: number) => void,
): Promise<ReplayResult> {
  const ordered = [...rows].sort(
    (a, b) =>
      (a.ticket.createdAt ?? '').localeCompare(b.ticket.createdAt ?? '') || a.order - b.order,
  );
  const half = Math.floor(ordered.length / 2);
  const archive = ordered.slice(0, half);
  const arrivals = ordered.slice(half);
  const { clusterOf } = splitByClusters(ordered);
  const seenClusters = new Set<number>(
    archive.map((r) => clusterOf.get(r.ticket.id)).filter((c): c is number => c !== undefined),
  );
  const isRepeat: boolean[] = arrivals.map((r) => {
    const c = clusterOf.get(r.ticket.id);
    const rep = c !== undefined && seenClusters.has(c);
    if (c !== undefined) seenClusters.add(c);
    return rep;
  });
  const repeats = isRepeat.filter(Boolean).length;
  const run = async (auto: boolean): Promise<number> => {
    const env = await openEnv();
    try {
      const items = (list: readonly SplitInput[]): ReadItem[] =>
        list.map((r) => ({ kind: 'ticket', line: r.order + 1, ticket: r.ticket }));
      await env.job.run(items(archive), {
        source: 'replay-archive',
        resume: false,
        batchSize: 500,
      });
      let deflected = 0;
      for (const [i, r] of arrivals.entries()) {
        if (isRepeat[i]) {
          const cluster = clusterOf.get(r.ticket.id);
          const a = await env.answers.answer({
            question: questionOf(r.ticket).slice(0, 4000),
            first: 1,
          });
          const top = a.candidates[0];
          if (top) {
            const [f] = await env.store.loadFaults([top.faultId]);
            if (f?.cases.some((k) => clusterOf.get(k) === cluster)) deflected++;
          }
        }
        if (auto) await env.job.run(items([r]), { source: 'replay-arrivals', resume: false });
        onProgress?.(auto ? 'auto' : 'static', i + 1, arrivals.length);
      }
      return deflected;
    } finally {
      await env.close();
    }
  };
  const n = Math.max(1, arrivals.length);
  const staticDeflected = await run(false);
  const autoDeflected = await run(true);
  const none = repeats / n;
  const auto = (repeats - autoDeflected) / n;
  return {
    arrivals: arrivals.length,
    repeats,
    rate: { none: round(none), static: round((repeats - staticDeflected) / n), auto: round(auto) },
    reduction: none > 0 ? round((none - auto) / none) : 0,
  };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
