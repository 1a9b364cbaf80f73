import type { ConceptCatalog, ConceptMatch } from './concept-catalog.js';
import { HIDDEN_STATES, tieKey, type RetrievalIndex, type TextHit } from './retrieval-index.js';

/**
 * Ranking, as pure functions over the index: which faults a question may be about and how well
 * each matches. Weights are options with defaults; calibration of the final score to a confidence
 * lives in `calibration.ts`.
 */
export interface RankWeights {
  /** Text match (BM25, relative to the best hit). @default 1 */
  text: number;
  /** Concept match (own, ancestor/descendant, or a component / cause / solution concept). @default 0.8 */
  concept: number;
  /** Bonus for the requested product; the same amount, doubled, is a penalty for another product. @default 0.3 */
  product: number;
  /** Evidence: log(1 + supporting cases). @default 0.05 */
  evidence: number;
  /**
   * Trust in a fault no curator has reviewed (KCS state NOT_VALIDATED, or WORK_IN_PROGRESS when
   * hidden faults are included): its whole score is multiplied by this. See `trustOf`. @default 0.8
   */
  unreviewed: number;
}

export const DEFAULT_WEIGHTS: RankWeights = {
  text: 1,
  concept: 0.8,
  product: 0.3,
  evidence: 0.05,
  unreviewed: 0.8,
};

/**
 * How far an answer may rely on a fact in a KCS state: 1 for validated facts (approved by a
 * curator, or supported by enough tickets) and for curated ones without a state; `unreviewed` for
 * facts the extraction job learnt that nobody has checked yet (NOT_VALIDATED, WORK_IN_PROGRESS).
 * The calibration was fitted on curated knowledge, so the probability that an answer built on an
 * unreviewed fact is right is the probability of the match times the chance that the extracted
 * fact itself is right; ranking multiplies the score by it, so among faults that match a question
 * about as well, reviewed knowledge comes first and unreviewed knowledge carries lower confidence.
 * Approving a fact (`reviewFact`) therefore raises its answers' rank and confidence.
 */
export function trustOf(state: unknown, unreviewed: number): number {
  return state === 'NOT_VALIDATED' || state === 'WORK_IN_PROGRESS' ? unreviewed : 1;
}

/**
 * Share of the text score that is coverage (the rest is BM25 relative to the best hit). Was 0.6;
 * once BM25 weighs repeated question terms and looks up 32 terms, less coverage ranks real repeat
 * inquiries better (gitbugs MRR@10 0.49 at 0.6, 0.52 at 0.4 and below), but at 0.2 the guard
 * against generic best matches gives way: two of five cross-lingual seed questions lose their
 * fault to a weak text match (docs/BENCHMARKS.md).
 */
const COVERAGE_SHARE = 0.4;

/** How many text hits and concept-linked faults become candidates before scoring. */
const TEXT_POOL = 50;
const CONCEPT_POOL = 100;

export interface ScoredFault {
  id: string;
  score: number;
  /** Parts of the score before the trust factor (`trustOf`), for explanation and calibration. */
  parts: { text: number; concept: number; product: number; evidence: number };
  /** Terms of the question that matched the fault's phrasings. */
  matchedTerms: string[];
  /** Concepts of the question that matched the fault (directly or through the taxonomy). */
  matchedConcepts: string[];
  /** True for a fault in a hidden KCS state (only returned with `includeHidden`). */
  hidden: boolean;
}

export interface RankInput {
  /** Tokenized with the index's tokenizer. */
  question: string;
  /** Product instance id the question is scoped to, or null. */
  product: string | null;
  index: RetrievalIndex;
  catalog: ConceptCatalog;
  /** Concept mentions in the question (from `catalog.match`). */
  concepts: readonly ConceptMatch[];
  weights?: RankWeights;
  /** Also return faults in hidden states (marked `hidden`), e.g. to count review demand. */
  includeHidden?: boolean;
  /**
   * Look up only the question's rarest terms carrying this share of its squared IDF mass (see
   * `RetrievalIndex.queryTerms`): entity resolution knows that a fault sharing none of them
   * cannot reach its threshold. @default 1 (every specific term)
   */
  textMassShare?: number;
}

export function rankFaults(input: RankInput): ScoredFault[] {
  const { index, catalog } = input;
  const w = input.weights ?? DEFAULT_WEIGHTS;
  const counts = index.termCounts(input.question);
  const queryTerms = [...counts.keys()];
  const hits = index.textOfTerms(counts, TEXT_POOL, input.textMassShare);
  const queryWeight = queryTerms.reduce((a, t) => a + index.idf(t), 0);
  const textBy = new Map<string, TextHit>(hits.map((h) => [h.id, h]));
  const best = hits[0]?.score ?? 0;
  // Product concepts scope the answer; the others describe the problem.
  const problemConcepts = input.concepts.filter(
    (m) => catalog.byId.get(m.conceptId)?.type !== 'Product',
  );
  const candidates = new Set<string>(hits.map((h) => h.id));
  for (const m of problemConcepts) {
    for (const id of conceptPool(index, catalog, m.conceptId)) candidates.add(id);
  }
  const out: ScoredFault[] = [];
  for (const id of candidates) {
    const f = index.get(id);
    if (!f) continue;
    const hidden = f.state !== null && HIDDEN_STATES.has(f.state);
    if (hidden && !input.includeHidden) continue;
    const hit = textBy.get(id);
    // Text: BM25 relative to the best hit, blended with how much of the question (IDF-weighted)
    // the fault's phrasings cover. Coverage keeps a weak, generic match ("cloud server") from
    // looking strong just because it is the best text match there is.
    const coverage =
      hit && queryWeight > 0 ? hit.terms.reduce((a, t) => a + index.idf(t), 0) / queryWeight : 0;
    const text =
      best > 0 && hit
        ? COVERAGE_SHARE * Math.min(1, coverage) + (1 - COVERAGE_SHARE) * (hit.score / best)
        : 0;
    const matchedConcepts: string[] = [];
    let concept = 0;
    for (const m of problemConcepts) {
      const s = conceptScore(catalog, m.conceptId, f.concepts, f.relatedConcepts);
      if (s > 0) {
        concept += s;
        matchedConcepts.push(m.conceptId);
      }
    }
    const product =
      input.product === null || f.product === null
        ? 0
        : f.product === input.product
          ? w.product
          : -2 * w.product;
    const evidence = Math.log1p(f.caseCount);
    const parts = {
      text: w.text * text,
      concept: w.concept * concept,
      product,
      evidence: w.evidence * evidence,
    };
    if (parts.text + parts.concept <= 0) continue;
    const sum = parts.text + parts.concept + parts.product + parts.evidence;
    // A penalised (negative) score is not made better by distrust.
    const score = sum > 0 ? sum * trustOf(f.state, w.unreviewed) : sum;
    out.push({
      id,
      score,
      parts,
      matchedTerms: hit ? [...hit.terms].sort() : [],
      matchedConcepts,
      hidden,
    });
  }
  return out.sort((a, b) => tieKey(b.score) - tieKey(a.score) || a.id.localeCompare(b.id));
}

/**
 * How well a question concept `q` matches a fault: 1 for one of its own concepts; less through
 * the taxonomy (the question is broader or narrower than the fault); 0.6 for a concept of its
 * components, causes or solutions.
 */
export function conceptScore(
  catalog: ConceptCatalog,
  q: string,
  own: readonly string[],
  related: readonly string[],
): number {
  if (own.includes(q)) return 1;
  let best = 0;
  for (const c of own) {
    const up = catalog.ancestors(c, 4).get(q);
    if (up !== undefined) best = Math.max(best, 0.5 / up);
    const down = catalog.descendants(c, 4).get(q);
    if (down !== undefined) best = Math.max(best, 0.4 / down);
  }
  if (related.includes(q)) best = Math.max(best, 0.6);
  for (const c of related) {
    const up = catalog.ancestors(c, 2).get(q);
    if (up !== undefined) best = Math.max(best, 0.3 / up);
  }
  return best;
}

/** Faults reachable from a question concept: its own instances, its descendants', its parts'. */
function conceptPool(index: RetrievalIndex, catalog: ConceptCatalog, conceptId: string): string[] {
  const ids = new Set<string>();
  // From each source, the best-evidenced faults (then by id), not the first inserted: which
  // faults make the pool must depend on the graph, not on the order the index learnt them (an
  // index built fresh after a restart and one updated fault by fault hold the same sets in
  // different orders).
  const add = (concept: string, related = false) => {
    if (ids.size >= CONCEPT_POOL) return;
    for (const id of index.mostEvidenced(concept, related, CONCEPT_POOL - ids.size, ids))
      ids.add(id);
  };
  add(conceptId);
  for (const [d] of catalog.descendants(conceptId, 3)) add(d);
  add(conceptId, true);
  for (const [a, depth] of catalog.ancestors(conceptId, 1)) if (depth === 1) add(a);
  return [...ids];
}

/** One attribute along which close candidates differ, and how the candidates split on it. */
export interface Split {
  attribute: 'component' | 'symptom' | 'product';
  informationGain: number;
  options: { value: string; faultIds: string[] }[];
}

/**
 * The question that best splits close candidates: for each attribute (component concept, fault
 * concept, product), the information gain of knowing its value, with the candidates' scores as
 * the prior. Null when no attribute splits them.
 */
export function bestSplit(
  candidates: readonly {
    id: string;
    score: number;
    component: string | null;
    symptom: string | null;
    product: string | null;
  }[],
): Split | null {
  if (candidates.length < 2) return null;
  const min = Math.min(...candidates.map((c) => c.score));
  const weights = candidates.map((c) => c.score - min + 0.1);
  const total = weights.reduce((a, b) => a + b, 0);
  const p = weights.map((x) => x / total);
  const prior = entropy(p);
  let best: Split | null = null;
  for (const attribute of ['component', 'symptom', 'product'] as const) {
    const groups = new Map<string, number[]>();
    candidates.forEach((c, i) => {
      const v = c[attribute] ?? '';
      groups.set(v, [...(groups.get(v) ?? []), i]);
    });
    if (groups.size < 2 || groups.has('')) continue;
    let remaining = 0;
    for (const idx of groups.values()) {
      const pv = idx.reduce((a, i) => a + p[i]!, 0);
      remaining += pv * entropy(idx.map((i) => p[i]! / pv));
    }
    const gain = prior - remaining;
    if (gain > 1e-9 && (!best || gain > best.informationGain + 1e-9)) {
      best = {
        attribute,
        informationGain: gain,
        options: [...groups.entries()].map(([value, idx]) => ({
          value,
          faultIds: idx.map((i) => candidates[i]!.id),
        })),
      };
    }
  }
  return best;
}

function entropy(p: readonly number[]): number {
  return -p.reduce((a, x) => (x > 0 ? a + x * Math.log2(x) : a), 0);
}
