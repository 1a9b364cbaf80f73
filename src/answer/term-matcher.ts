import type { Tokenizer } from '../text/index.js';
import { normalizeText } from '../text/index.js';

export interface TermMatch<T> {
  value: T;
  /** The term as it was added. */
  term: string;
}

/**
 * Finds known terms (concept labels and aliases, handoff phrases) in a text, in both scripts:
 * Han terms match as substrings of the normalised text (segmentation differs between phrasings,
 * substrings do not); Latin terms match as whole stemmed token sequences ("crashed" matches the
 * alias "crash", "PSU" does not match inside another word). Longer Han terms win over shorter ones
 * they contain (电源模块 over 电源).
 */
export class TermMatcher<T> {
  private readonly han: { text: string; value: T; term: string }[] = [];
  private readonly latin = new Map<string, { tokens: string[]; value: T; term: string }[]>();
  private sorted = true;

  constructor(private readonly tokenizer: Tokenizer) {}

  add(term: string, value: T): void {
    const norm = normalizeText(term);
    if (norm === '') return;
    if (/\p{Script=Han}/u.test(norm)) {
      this.han.push({ text: norm.replace(/\s+/g, ''), value, term });
      this.sorted = false;
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
    const push = (value: T, term: string) => {
      const key = `${String(value)}\u0000${term}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ value, term });
      }
    };
    const compact = norm.replace(/\s+/g, '');
    const taken: [number, number][] = [];
    for (const t of this.han) {
      for (let at = compact.indexOf(t.text); at >= 0; at = compact.indexOf(t.text, at + 1)) {
        const end = at + t.text.length;
        if (taken.some(([s, e]) => at >= s && end <= e && e - s > end - at)) continue;
        taken.push([at, end]);
        push(t.value, t.term);
      }
    }
    const tokens = this.tokenizer.tokens(norm, 'en');
    tokens.forEach((tok, i) => {
      for (const t of this.latin.get(tok) ?? []) {
        if (t.tokens.every((x, j) => tokens[i + j] === x)) push(t.value, t.term);
      }
    });
    return out;
  }
}
