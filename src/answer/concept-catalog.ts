import type { StoredConcept } from '../graph/store.js';
import type { Tokenizer } from '../text/index.js';
import jaroWinkler from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import { TermMatcher } from './term-matcher.js';

/** A concept mention found in a question. */
export interface ConceptMatch {
  conceptId: string;
  /** The label or alias as written in the ontology. */
  term: string;
}

/**
 * Tier 2 in memory: the taxonomy is small (hundreds to a few thousand concepts) and read on every
 * answer, so it is loaded from the graph once and replaced whenever the ontology is applied.
 * Matches labels and aliases of every language in a question, which is how a Chinese question
 * reaches a fault learnt only from English tickets (and the reverse).
 */
export class ConceptCatalog {
  readonly byId: ReadonlyMap<string, StoredConcept>;
  private readonly children = new Map<string, string[]>();
  private readonly matcher: TermMatcher<string>;
  private readonly tokenizer: Tokenizer;
  /** TF-IDF vectors of each concept's labels and aliases (built on first use). */
  private vectors: Map<string, Map<string, number>> | null = null;
  private idf = new Map<string, number>();
  /** Closest concept word (Jaro-Winkler ≥ 0.92) of words the concepts do not use, or null. */
  private readonly nearest = new Map<string, string | null>();

  constructor(concepts: readonly StoredConcept[], tokenizer: Tokenizer) {
    this.byId = new Map(concepts.map((c) => [c.id, c]));
    this.matcher = new TermMatcher<string>(tokenizer);
    this.tokenizer = tokenizer;
    for (const c of concepts) {
      for (const p of c.parents) this.children.set(p, [...(this.children.get(p) ?? []), c.id]);
      const terms = new Set<string>([
        ...Object.values(c.labels),
        ...Object.values(c.aliases).flat(),
      ]);
      for (const term of terms) this.matcher.add(term, c.id);
    }
  }

  /** Every label and alias (all languages), e.g. to load into the Chinese segmenter. */
  allTerms(): string[] {
    return [...this.byId.values()].flatMap((c) => [
      ...Object.values(c.labels),
      ...Object.values(c.aliases).flat(),
    ]);
  }

  /** Concepts mentioned in a text (labels and aliases of every language; see TermMatcher). */
  match(text: string): ConceptMatch[] {
    const out = new Map<string, ConceptMatch>();
    for (const m of this.matcher.match(text)) {
      if (!out.has(m.value)) out.set(m.value, { conceptId: m.value, term: m.term });
    }
    return [...out.values()];
  }

  /**
   * Concepts of a type whose labels and aliases are most similar to a text, for when no label or
   * alias occurs in it exactly: cosine of TF-IDF vectors over the concepts' terms, where a Latin
   * word the concepts do not use counts as its closest concept word if their Jaro-Winkler
   * similarity is at least 0.92 (typos, "powersupply"). Best first, at least `threshold`.
   */
  similar(text: string, type: string, threshold: number): string[] {
    const vectors = this.conceptVectors();
    const q = new Map<string, number>();
    const vocabulary = [...this.idf.keys()];
    for (const raw of this.tokenizer.terms(text)) {
      let term = raw;
      if (!this.idf.has(term) && /^[a-z][a-z0-9]{4,}$/.test(term)) {
        let near = this.nearest.get(term);
        if (near === undefined) {
          near = null;
          let best = 0.92;
          for (const v of vocabulary) {
            const s = jaroWinkler(term, v);
            if (s >= best) {
              best = s;
              near = v;
            }
          }
          // Bounded: words of a language are many but finite; reset rather than grow forever.
          if (this.nearest.size > 100_000) this.nearest.clear();
          this.nearest.set(term, near);
        }
        if (near !== null) term = near;
      }
      const w = this.idf.get(term);
      if (w !== undefined) q.set(term, (q.get(term) ?? 0) + w);
    }
    if (q.size === 0) return [];
    const qNorm = Math.sqrt([...q.values()].reduce((a, x) => a + x * x, 0));
    const scored: [string, number][] = [];
    for (const [id, vec] of vectors) {
      if (this.byId.get(id)?.type !== type) continue;
      let dot = 0;
      for (const [t, w] of q) dot += w * (vec.get(t) ?? 0);
      if (dot === 0) continue;
      const norm = Math.sqrt([...vec.values()].reduce((a, x) => a + x * x, 0));
      const cos = dot / (qNorm * norm);
      if (cos >= threshold) scored.push([id, cos]);
    }
    return scored.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  }

  private conceptVectors(): Map<string, Map<string, number>> {
    if (this.vectors) return this.vectors;
    const termsOf = new Map<string, string[]>();
    const df = new Map<string, number>();
    for (const c of this.byId.values()) {
      const terms = this.tokenizer.terms(
        [...Object.values(c.labels), ...Object.values(c.aliases).flat()].join('\n'),
      );
      termsOf.set(c.id, terms);
      for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
    }
    const n = this.byId.size;
    this.idf = new Map([...df].map(([t, d]) => [t, Math.log(1 + n / d)]));
    this.vectors = new Map(
      [...termsOf].map(([id, terms]) => {
        const v = new Map<string, number>();
        for (const t of terms) v.set(t, (v.get(t) ?? 0) + this.idf.get(t)!);
        return [id, v];
      }),
    );
    return this.vectors;
  }

  /** Ancestors with their shortest IS_A distance (breadth-first, DAG-safe; memoised). */
  ancestors(id: string, maxDepth = 16): ReadonlyMap<string, number> {
    return this.memo(`a|${id}|${maxDepth}`, () =>
      this.walk(id, (x) => this.byId.get(x)?.parents ?? [], maxDepth),
    );
  }

  descendants(id: string, maxDepth = 16): ReadonlyMap<string, number> {
    return this.memo(`d|${id}|${maxDepth}`, () =>
      this.walk(id, (x) => this.children.get(x) ?? [], maxDepth),
    );
  }

  /** The catalog never changes after construction (a new ontology makes a new catalog). */
  private readonly walks = new Map<string, ReadonlyMap<string, number>>();

  private memo(
    key: string,
    compute: () => ReadonlyMap<string, number>,
  ): ReadonlyMap<string, number> {
    let v = this.walks.get(key);
    if (!v) {
      v = compute();
      this.walks.set(key, v);
    }
    return v;
  }

  childrenOf(id: string): string[] {
    return [...(this.children.get(id) ?? [])].sort();
  }

  /**
   * The path from a concept up to a root, most specific first (电源模块 → 硬件故障 → 服务器宕机).
   * With several parents, follows the first (sorted) at each step.
   */
  pathUp(id: string): string[] {
    const path: string[] = [];
    const seen = new Set<string>();
    let cur: string | undefined = id;
    while (cur !== undefined && this.byId.has(cur) && !seen.has(cur)) {
      path.push(cur);
      seen.add(cur);
      cur = [...(this.byId.get(cur)?.parents ?? [])].sort()[0];
    }
    return path;
  }

  /**
   * The labelled path up from the most specific of an instance's concepts (the deepest; the first
   * given among equally deep ones), e.g. 电源模块 → 硬件故障 → 服务器宕机. Empty without concepts.
   */
  pathOf(conceptIds: readonly string[], lang: string): { id: string; label: string }[] {
    const known = conceptIds.filter((id) => this.byId.has(id));
    const specific = [...known].sort((a, b) => this.depth(b) - this.depth(a))[0];
    return specific ? this.pathUp(specific).map((id) => ({ id, label: this.label(id, lang) })) : [];
  }

  /** Depth of a concept below its root (0 for a root): deeper concepts are more specific. */
  depth(id: string): number {
    return this.pathUp(id).length - 1;
  }

  label(id: string, lang: string): string {
    const c = this.byId.get(id);
    if (!c) return id;
    return c.labels[lang] ?? Object.values(c.labels)[0] ?? id;
  }

  private walk(
    id: string,
    next: (x: string) => readonly string[],
    maxDepth: number,
  ): Map<string, number> {
    const dist = new Map<string, number>();
    let frontier = [id];
    for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
      const nextFrontier: string[] = [];
      for (const x of frontier) {
        for (const y of next(x)) {
          if (y === id || dist.has(y)) continue;
          dist.set(y, d);
          nextFrontier.push(y);
        }
      }
      frontier = nextFrontier;
    }
    return dist;
  }
}
