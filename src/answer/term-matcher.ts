import type { Tokenizer } from '../text/index.js';
import { normalizeText } from '../text/index.js';

export interface TermMatch<T> {
  value: T;
  /** The term as it was added. */
  term: string;
  /** True when the text says the term with small differences (see `approximate`). */
  approximate?: boolean;
}

export interface TermMatcherOptions {
  /**
   * Also find terms said with small differences, for phrasings nobody wrote down as an alias:
   * a Han term of ≥ 4 characters matches a stretch of the text within a small weighted edit
   * distance (账户被锁定 in 账户已锁定, 超过转账限额 in 超过当日转账限额: an extra character in the
   * text costs 0.5, a missing or different one 1; at most 1 for 4–5 characters, 1.5 for 6–7, 2
   * beyond; the first and last characters must be there), never by adding, dropping or changing
   * a negation (不 没 未 无 非 别 勿); a Latin term of ≥ 2 words matches with one extra word among
   * its stemmed words, in order ("my account got locked" for "account locked"), neither the extra
   * word nor the term a negation. @default false
   */
  approximate?: boolean;
}

/** Negations: an approximate match never adds, drops or changes one. */
const NEGATIONS = new Set([...'不没未无非别勿']);
/** Edit cost of an extra character in the text, and of a missing or different one. */
const INSERT_COST = 0.5;
const EDIT_COST = 1;
const NEVER = 99;
/** Han terms shorter than this only match exactly. */
const MIN_APPROXIMATE_HAN = 4;

function hanBudget(length: number): number {
  return length >= 8 ? 2 : length >= 6 ? 1.5 : 1;
}

/** Rows of the edit-distance table, reused between calls (grown when a window is longer). */
let rowA = new Float64Array(64);
let rowB = new Float64Array(64);

/**
 * Smallest weighted edit distance between `term` and a stretch of `text` that begins with the
 * term's first character and ends with its last (both ends anchored: 钱没到账 does not match the
 * 没到账 of 是不是没到账). Stretches longer than the term by more than `budget` allows are not
 * considered. Returns Infinity when there is none. O(occurrences of the first character × |term|²).
 */
export function approximateDistance(term: string, text: string, budget: number): number {
  const m = term.length;
  if (m === 0) return 0;
  const first = term[0]!;
  const last = term[m - 1]!;
  const width = m + Math.floor(budget / INSERT_COST);
  const del = (c: string) => (NEGATIONS.has(c) ? NEVER : EDIT_COST);
  let best = Infinity;
  for (let j = text.indexOf(first); j >= 0; j = text.indexOf(first, j + 1)) {
    const w = text.slice(j, j + width);
    // prev[k]: distance between term[0..i) and w[0..k), both anchored at their start.
    let prev = rowA.length > w.length ? rowA : (rowA = new Float64Array(w.length * 2));
    let cur = rowB.length > w.length ? rowB : (rowB = new Float64Array(w.length * 2));
    prev[0] = 0;
    for (let k = 1; k <= w.length; k++)
      prev[k] = prev[k - 1]! + (NEGATIONS.has(w[k - 1]!) ? NEVER : INSERT_COST);
    let alive = true;
    for (let i = 1; i <= m && alive; i++) {
      const c = term[i - 1]!;
      cur[0] = prev[0]! + del(c);
      let rowMin = cur[0];
      for (let k = 1; k <= w.length; k++) {
        const t = w[k - 1]!;
        const sub = c === t ? 0 : NEGATIONS.has(c) || NEGATIONS.has(t) ? NEVER : EDIT_COST;
        const ins = NEGATIONS.has(t) ? NEVER : INSERT_COST;
        const d = Math.min(prev[k - 1]! + sub, cur[k - 1]! + ins, prev[k]! + del(c));
        cur[k] = d;
        if (d < rowMin) rowMin = d;
      }
      // Costs only grow down the table: once a whole row is over the budget, nothing below fits.
      if (rowMin > budget) alive = false;
      [prev, cur] = [cur, prev];
    }
    if (!alive) continue;
    for (let k = 1; k <= w.length; k++) if (w[k - 1] === last && prev[k]! < best) best = prev[k]!;
  }
  return best;
}

interface ApproximateTerm<T> {
  text: string;
  value: T;
  term: string;
  /** Distinct characters of `text`. */
  distinct: number;
  /** Position in `approximateTerms`. */
  index: number;
}

/**
 * Finds known terms (concept labels and aliases, handoff phrases) in a text, in both scripts:
 * Han terms match as substrings of the normalised text (segmentation differs between phrasings,
 * substrings do not); Latin terms match as whole stemmed token sequences ("crashed" matches the
 * alias "crash", "PSU" does not match inside another word). Longer Han terms win over shorter ones
 * they contain (电源模块 over 电源). With `approximate`, also terms said with small differences.
 */
export class TermMatcher<T> {
  private readonly han: { text: string; value: T; term: string }[] = [];
  private readonly latin = new Map<string, { tokens: string[]; value: T; term: string }[]>();
  private sorted = true;
  /**
   * Han terms long enough to match approximately, by each of their distinct characters (built
   * on first use): a text only checks the terms that share enough characters with it.
   */
  private byChar: Map<string, ApproximateTerm<T>[]> | null = null;
  private approximateTerms: ApproximateTerm<T>[] = [];
  /** Per approximate term, characters shared with the text being matched (zeroed after use). */
  private sharedCounts = new Uint16Array(0);

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly options: TermMatcherOptions = {},
  ) {}

  add(term: string, value: T): void {
    const norm = normalizeText(term);
    if (norm === '') return;
    if (/\p{Script=Han}/u.test(norm)) {
      this.han.push({ text: norm.replace(/\s+/g, ''), value, term });
      this.sorted = false;
      this.byChar = null;
      return;
    }
    const tokens = this.tokenizer.tokens(norm, 'en');
    if (tokens.length === 0) return;
    const list = this.latin.get(tokens[0]!) ?? [];
    list.push({ tokens, value, term });
    this.latin.set(tokens[0]!, list);
  }

  /** Every match, at most once per (value, term). */
  match(text: string): TermMatch<T>[] {
    if (!this.sorted) {
      this.han.sort((a, b) => b.text.length - a.text.length);
      this.sorted = true;
    }
    const norm = normalizeText(text);
    const out: TermMatch<T>[] = [];
    const seen = new Set<string>();
    const exact = new Set<T>();
    const push = (value: T, term: string, approximate = false) => {
      const key = `${String(value)}\u0000${term}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(approximate ? { value, term, approximate } : { value, term });
        if (!approximate) exact.add(value);
      }
    };
    const compact = norm.replace(/\s+/g, '');
    const taken: [number, number][] = [];
    // The text's characters: a term whose first one is missing cannot occur (cheaper than a
    // search through the text for each of the ontology's hundreds of terms).
    // Han terms only occur in text with Han characters.
    const hasHan = HAN.test(compact);
    const chars: ReadonlySet<string> = hasHan ? new Set(compact) : EMPTY_CHARS;
    for (const t of hasHan ? this.han : []) {
      if (!chars.has(t.text[0]!)) continue;
      for (let at = compact.indexOf(t.text); at >= 0; at = compact.indexOf(t.text, at + 1)) {
        const end = at + t.text.length;
        if (taken.some(([s, e]) => at >= s && end <= e && e - s > end - at)) continue;
        taken.push([at, end]);
        push(t.value, t.term);
      }
    }
    // The raw text, not `norm`: the tokenizer normalizes each line itself (same tokens) and
    // remembers lines it has seen — a ticket's sentences were tokenized when it was classified.
    const tokens = this.tokenizer.tokens(text, 'en');
    tokens.forEach((tok, i) => {
      for (const t of this.latin.get(tok) ?? []) {
        if (t.tokens.every((x, j) => tokens[i + j] === x)) push(t.value, t.term);
      }
    });
    if (this.options.approximate) {
      this.matchHanApproximately(compact, chars, exact, push);
      this.matchLatinApproximately(tokens, exact, push);
    }
    return out;
  }

  /**
   * Han terms said with small differences (only for values not already matched exactly); `chars`
   * are the text's characters, empty when it has no Han.
   */
  private matchHanApproximately(
    compact: string,
    chars: ReadonlySet<string>,
    exact: ReadonlySet<T>,
    push: (value: T, term: string, approximate: boolean) => void,
  ): void {
    if (this.han.length === 0 || chars.size === 0) return;
    if (!this.byChar) {
      this.byChar = new Map();
      this.approximateTerms = [];
      for (const term of this.han) {
        if (term.text.length < MIN_APPROXIMATE_HAN) continue;
        const distinct = new Set(term.text);
        const entry: ApproximateTerm<T> = {
          ...term,
          distinct: distinct.size,
          index: this.approximateTerms.length,
        };
        this.approximateTerms.push(entry);
        for (const c of distinct) {
          const list = this.byChar.get(c);
          if (list) list.push(entry);
          else this.byChar.set(c, [entry]);
        }
      }
      this.sharedCounts = new Uint16Array(this.approximateTerms.length);
    }
    // Distinct characters each term shares with the text: every one it lacks costs at least 1.
    const counts = this.sharedCounts;
    const touched: ApproximateTerm<T>[] = [];
    for (const c of chars)
      for (const t of this.byChar.get(c) ?? []) if (counts[t.index]!++ === 0) touched.push(t);
    for (const t of touched) {
      const n = counts[t.index]!;
      counts[t.index] = 0;
      if (exact.has(t.value)) continue;
      const budget = hanBudget(t.text.length);
      if (t.distinct - n > budget || !chars.has(t.text[0]!) || !chars.has(t.text.at(-1)!)) continue;
      if (approximateDistance(t.text, compact, budget) <= budget) push(t.value, t.term, true);
    }
  }

  /**
   * Latin terms of ≥ 2 words said with one extra word among them, in order ("account got locked"
   * for "account locked"); the extra word is never a negation, and a term with a negation only
   * matches exactly ("not gaming while charging" is not "won't charge").
   */
  private matchLatinApproximately(
    tokens: readonly string[],
    exact: ReadonlySet<T>,
    push: (value: T, term: string, approximate: boolean) => void,
  ): void {
    tokens.forEach((tok, i) => {
      for (const t of this.latin.get(tok) ?? []) {
        const n = t.tokens.length;
        if (n < 2 || exact.has(t.value) || t.tokens.some((x) => LATIN_NEGATIONS.has(x))) continue;
        // The extra word sits after term word g (1 ≤ g < n).
        for (let g = 1; g < n; g++) {
          const extra = tokens[i + g];
          if (extra === undefined || LATIN_NEGATIONS.has(extra)) break;
          if (t.tokens.every((x, j) => tokens[i + (j < g ? j : j + 1)] === x)) {
            push(t.value, t.term, true);
            break;
          }
        }
      }
    });
  }
}

const LATIN_NEGATIONS = new Set(['not', 'no', 'never', 'nor', 'without']);
const HAN = /\p{Script=Han}/u;
const EMPTY_CHARS: ReadonlySet<string> = new Set();
