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

/** Jaro-Winkler ≥ 0.92 with a prefix boost of at most 0.4 × (1 − Jaro) needs Jaro ≥ 0.52 / 0.6. */
const JARO_FLOOR = 0.52 / 0.6 - 1e-9;

/** Character counts of a word: a-z, 0-9, and one bucket for anything else. */
function letterBag(word: string): Uint16Array {
  const bag = new Uint16Array(37);
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    bag[c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? c - 22 : 36]! += 1;
  }
  return bag;
}

/**
 * Upper bound of the characters two words can match (the "other" bucket counts as matching);
 * `present` lists the buckets `a` uses.
 */
function sharedLetters(a: Uint16Array, b: Uint16Array, present: readonly number[]): number {
  let m = 0;
  for (const i of present) m += Math.min(a[i]!, b[i]!);
  return m;
}

/** Concepts' TF-IDF vectors as inverted lists per concept type, with each vector's norm. */
interface ConceptVectors {
  /** Concept words with Latin letters or digits, by length (Jaro-Winkler candidates). */
  vocabulary: Map<number, [string, Uint16Array][]>;
  /** type → term → [concept id, weight] */
  postings: Map<string, Map<string, [string, number][]>>;
  norms: Map<string, number>;
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
  private vectors: ConceptVectors | null = null;
  private readonly recentTerms = new Map<string, string[]>();
  private readonly recentMatches = new Map<string, ConceptMatch[]>();
  private idf = new Map<string, number>();
  /** Closest concept word (Jaro-Winkler ≥ 0.92) of words the concepts do not use, or null. */
  private readonly nearest = new Map<string, string | null>();

  constructor(concepts: readonly StoredConcept[], tokenizer: Tokenizer) {
    this.byId = new Map(concepts.map((c) => [c.id, c]));
    this.matcher = new TermMatcher<string>(tokenizer, { approximate: true });
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

  /**
   * Concepts mentioned in a text (labels and aliases of every language; see TermMatcher). The
   * last few texts' matches are remembered: extraction links a ticket's whole text to products
   * and to components in a row.
   */
  match(text: string): ConceptMatch[] {
    const hit = this.recentMatches.get(text);
    if (hit) return hit.map((m) => ({ ...m }));
    const out = new Map<string, ConceptMatch>();
    for (const m of this.matcher.match(text)) {
      if (!out.has(m.value)) out.set(m.value, { conceptId: m.value, term: m.term });
    }
    const matches = [...out.values()];
    remember(
      this.recentMatches,
      text,
      matches.map((m) => ({ ...m })),
    );
    return matches;
  }

  /**
   * Concepts of a type whose labels and aliases are most similar to a text, for when no label or
   * alias occurs in it exactly: cosine of TF-IDF vectors over the concepts' terms, where a Latin
   * word the concepts do not use counts as its closest concept word if their Jaro-Winkler
   * similarity is at least 0.92 (typos, "powersupply"). Best first, at least `threshold`.
   */
  similar(text: string, type: string, threshold: number): string[] {
    const { vocabulary, postings, norms } = this.conceptVectors();
    const q = new Map<string, number>();
    for (const raw of this.terms(text)) {
      let term = raw;
      if (!this.idf.has(term) && /^[a-z][a-z0-9]{4,}$/.test(term)) {
        let near = this.nearest.get(term);
        if (near === undefined) {
          near = null;
          let best = 0.92;
          // Jaro-Winkler ≥ 0.92 needs Jaro ≥ 0.867, so the shorter word is at least 0.6 of the
          // longer one's length: only Latin concept words of such lengths can qualify.
          // The characters two words share bound the Jaro matches m, and Jaro ≤ (m/|a| + m/|b| +
          // 1) / 3: most words are ruled out by counting letters before running Jaro-Winkler.
          const lo = Math.ceil(term.length * 0.6);
          const hi = Math.floor(term.length / 0.6);
          const bag = letterBag(term);
          const present = bag.reduce<number[]>((a, n, i) => (n > 0 ? [...a, i] : a), []);
          for (let len = lo; len <= hi; len++) {
            for (const [v, vBag] of vocabulary.get(len) ?? []) {
              const m = sharedLetters(bag, vBag, present);
              if ((m / term.length + m / len + 1) / 3 < JARO_FLOOR) continue;
              const s = jaroWinkler(term, v);
              if (s >= best) {
                best = s;
                near = v;
              }
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
    let qNorm = 0;
    for (const w of q.values()) qNorm += w * w;
    qNorm = Math.sqrt(qNorm);
    // Dot products through the type's inverted lists: only concepts sharing a term are touched.
    const dots = new Map<string, number>();
    const lists = postings.get(type);
    if (!lists) return [];
    for (const [t, wq] of q) {
      for (const [id, wc] of lists.get(t) ?? []) dots.set(id, (dots.get(id) ?? 0) + wq * wc);
    }
    const scored: [string, number][] = [];
    for (const [id, dot] of dots) {
      const cos = dot / (qNorm * norms.get(id)!);
      if (cos >= threshold) scored.push([id, cos]);
    }
    return scored.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  }

  /**
   * The tokenizer's terms of a text, remembering the last few texts: extraction links the same
   * ticket text to several concept types in a row.
   */
  private terms(text: string): string[] {
    const hit = this.recentTerms.get(text);
    if (hit) return hit;
    const terms = this.tokenizer.terms(text);
    remember(this.recentTerms, text, terms);
    return terms;
  }

  private conceptVectors(): ConceptVectors {
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
    const postings = new Map<string, Map<string, [string, number][]>>();
    const norms = new Map<string, number>();
    for (const [id, terms] of termsOf) {
      const v = new Map<string, number>();
      for (const t of terms) v.set(t, (v.get(t) ?? 0) + this.idf.get(t)!);
      let norm = 0;
      for (const w of v.values()) norm += w * w;
      norms.set(id, Math.sqrt(norm));
      const type = this.byId.get(id)!.type;
      let lists = postings.get(type);
      if (!lists) postings.set(type, (lists = new Map<string, [string, number][]>()));
      for (const [t, w] of v) {
        const list = lists.get(t);
        if (list) list.push([id, w]);
        else lists.set(t, [[id, w]]);
      }
    }
    const vocabulary = new Map<number, [string, Uint16Array][]>();
    for (const t of this.idf.keys()) {
      if (!/[a-z0-9]/.test(t)) continue; // a word without Latin letters or digits cannot qualify
      vocabulary.set(t.length, [...(vocabulary.get(t.length) ?? []), [t, letterBag(t)]]);
    }
    this.vectors = { vocabulary, postings, norms };
    return this.vectors;
  }

  /** Ancestors with their shortest IS_A distance (breadth-first, DAG-safe; memoised). */
  ancestors(id: string, maxDepth = 16): ReadonlyMap<string, number> {
    return this.memo(this.upWalks, id, maxDepth, (x) => this.byId.get(x)?.parents ?? []);
  }

  descendants(id: string, maxDepth = 16): ReadonlyMap<string, number> {
    return this.memo(this.downWalks, id, maxDepth, (x) => this.children.get(x) ?? []);
  }

  /** The catalog never changes after construction (a new ontology makes a new catalog). */
  private readonly upWalks = new Map<number, Map<string, ReadonlyMap<string, number>>>();
  private readonly downWalks = new Map<number, Map<string, ReadonlyMap<string, number>>>();

  private memo(
    walks: Map<number, Map<string, ReadonlyMap<string, number>>>,
    id: string,
    maxDepth: number,
    next: (x: string) => readonly string[],
  ): ReadonlyMap<string, number> {
    let byId = walks.get(maxDepth);
    if (!byId) walks.set(maxDepth, (byId = new Map<string, ReadonlyMap<string, number>>()));
    let v = byId.get(id);
    if (!v) {
      v = this.walk(id, next, maxDepth);
      byId.set(id, v);
    }
    return v;
  }

  hasChildren(id: string): boolean {
    return (this.children.get(id)?.length ?? 0) > 0;
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

/** Keeps `value` for `text` among the last eight texts (the oldest is forgotten). */
function remember<T>(recent: Map<string, T>, text: string, value: T): void {
  if (recent.size >= 8) recent.delete(recent.keys().next().value!);
  recent.set(text, value);
}
