import type { CoverageGap } from './compute.js';

/**
 * Coverage gaps: the recent cases that reused no knowledge (no fault existed for them when they
 * arrived, or their fault was archived), grouped into clusters a support lead can act on.
 *
 * The clustering is deliberately simple and deterministic (same cases → same clusters):
 * greedy set cover over shared features. A feature is a subject term (the project's tokenizer) or
 * a concept of the case's fault (`concept:<id>`). Repeatedly, the feature shared by the most
 * unclustered cases (at least two; ties: concepts first, then alphabetical) makes a cluster of
 * those cases, labelled by it and by the feature most of them share next. Features that more than
 * half of all cases of the period carry (`generic`) say nothing about a gap and are skipped.
 * Cluster sizes come out largest first; cases sharing nothing with another become clusters of one,
 * after all others. Cost: O(clusters × cases × features), stopped after `top` clusters.
 */

export interface GapItem {
  id: string;
  createdAt: string;
  /** Masked example text (the case's subject), or null. */
  text: string | null;
  /** Distinct features of the case. */
  features: readonly string[];
}

export interface ClusterOptions {
  /** Most clusters returned. */
  top: number;
  /** Features to ignore (too common to characterise a gap). */
  generic: ReadonlySet<string>;
  /** Human label of a feature. */
  labelOf: (feature: string) => string;
  /** Example texts per cluster. @default 3 */
  maxExamples?: number;
  /** Case ids listed per cluster (the count is always the full size). @default 50 */
  maxIds?: number;
}

export const CONCEPT_FEATURE = 'concept:';

export function clusterGaps(items: readonly GapItem[], o: ClusterOptions): CoverageGap[] {
  const maxExamples = o.maxExamples ?? 3;
  const maxIds = o.maxIds ?? 50;
  // Most recent first, so examples and ids show the latest tickets.
  let open = [...items].sort((a, b) => compare(b.createdAt, a.createdAt) || compare(a.id, b.id));
  const gap = (members: readonly GapItem[], label: string): CoverageGap => ({
    label,
    count: members.length,
    examples: [
      ...new Set(members.map((m) => m.text).filter((t): t is string => t !== null && t !== '')),
    ].slice(0, maxExamples),
    caseIds: members.slice(0, maxIds).map((m) => m.id),
  });
  const out: CoverageGap[] = [];
  while (out.length < o.top) {
    const best = topFeature(open, o.generic, new Set(), 2);
    if (best === null) break;
    const members = open.filter((m) => m.features.includes(best));
    const next = topFeature(members, o.generic, new Set([best]), Math.max(2, members.length / 2));
    out.push(
      gap(members, next === null ? o.labelOf(best) : `${o.labelOf(best)} · ${o.labelOf(next)}`),
    );
    const taken = new Set(members);
    open = open.filter((m) => !taken.has(m));
  }
  for (const m of open) {
    if (out.length >= o.top) break;
    out.push(gap([m], clip(m.text ?? m.id, 80)));
  }
  return out;
}

/** The feature carried by the most items (at least `min`), or null. */
function topFeature(
  items: readonly GapItem[],
  generic: ReadonlySet<string>,
  exclude: ReadonlySet<string>,
  min: number,
): string | null {
  const counts = new Map<string, number>();
  for (const m of items)
    for (const f of m.features)
      if (!generic.has(f) && !exclude.has(f)) counts.set(f, (counts.get(f) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [f, c] of counts) {
    if (c < min) continue;
    if (best === null || c > bestCount || (c === bestCount && rankFeature(f, best) < 0)) {
      best = f;
      bestCount = c;
    }
  }
  return best;
}

/** Concepts before terms, then alphabetical. */
function rankFeature(a: string, b: string): number {
  const ca = a.startsWith(CONCEPT_FEATURE) ? 0 : 1;
  const cb = b.startsWith(CONCEPT_FEATURE) ? 0 : 1;
  return ca - cb || compare(a, b);
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
