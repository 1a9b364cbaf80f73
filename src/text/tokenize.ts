import { Jieba } from '@node-rs/jieba';
import { LRUCache } from 'lru-cache';
import { dict } from '@node-rs/jieba/dict.js';
import porterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { WordTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import type { TextLanguage } from './language.js';
import { normalizeText } from './normalize.js';
import { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stopwords.js';

/** Options for {@link Tokenizer}. */
export interface TokenizerOptions {
  /** Words (ontology labels and aliases) that must segment as one token; see `addWords`. */
  userWords?: readonly string[];
  /**
   * jieba frequency given to user words. The default, 20 000, is higher than all but ~360 of the
   * ~350 000 entries of jieba's dictionary, so a user word beats any split of itself, yet it is
   * low enough not to steal characters from real neighbouring words (at 100 000, 发光猫眼 with the
   * user word 光猫 became 发|光猫|眼 instead of 发光|猫眼). @default 20000
   */
  userWordFrequency?: number;
}

const DEFAULT_USER_WORD_FREQUENCY = 20_000;
/** Tokens longer than this are identifiers/hashes/blobs, not words: they are not stemmed. */
const MAX_STEM_LENGTH = 32;
/**
 * Stem memo size. natural's Porter stemmer costs ~10 µs a word (a dozen regex passes) and
 * support text repeats a small vocabulary, so memoizing makes English tokenization several times
 * faster. Cleared when full, which bounds memory without LRU bookkeeping.
 */
const STEM_CACHE_LIMIT = 50_000;

/**
 * Line memo bounds (see `#lineTokens`). Extraction tokenizes each sentence several times: to
 * classify it, inside the ticket's joined text for concept linking, inside a fault's phrasings
 * for resolution and for the index. The memo is a least-recently-used cache bounded by entries
 * and by size, counted as a line's characters plus its tokens: 2,000,000 units hold a 500-ticket
 * import batch several times over and stay under about 30 MB even for long Chinese lines (each
 * Han token is a string of its own; measured: 20,000 Chinese lines of 1,000 characters took
 * 343 MB without a size bound). Lines over 4,000 units are tokenized each time.
 */
const LINE_CACHE_ENTRIES = 20_000;
const LINE_CACHE_SIZE = 2_000_000;
const LINE_CACHE_MAX_ENTRY = 4_000;
/** A remembered line's size: its characters plus its tokens. */
const lineSize = (tokens: readonly string[], line: string): number =>
  line.length + tokens.length + 1;
/** Maximal runs of Han characters, or of anything else. Two plain classes: no backtracking. */
const SCRIPT_RUNS = /\p{Script=Han}+|\P{Script=Han}+/gu;
const HAN_RUN = /^\p{Script=Han}/u;
const HAN_RUNS = /\p{Script=Han}+/gu;
/** Anything outside printable ASCII: only then is the (slower) diacritic folding needed. */
const NON_ASCII = /[^ -~]/;
const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /[\u2018\u2019\u02bc`\u00b4]/g;
const IRREGULAR_NEGATIONS = /\b(can|won|shan)'t\b/g;
const NEGATION_SUFFIX = /n't\b/g;
const CLITICS = /'(?:s|re|ve|ll|d|m)\b/g;
const ONLY_UNDERSCORES = /^_+$/;
const IRREGULAR_NEGATION_BASE: Readonly<Record<string, string>> = {
  can: 'can',
  won: 'will',
  shan: 'shall',
};

/**
 * Mixed Chinese/English tokenizer for retrieval (BM25-style term counting): the same words must
 * give the same tokens whether they occur in a question or in a ticket, in Chinese or English.
 *
 * How: the text is normalized (`normalizeText`) and cut into script runs. Han runs are segmented
 * by jieba (`@node-rs/jieba`, default dictionary plus user words) with the HMM on — it keeps
 * out-of-dictionary domain words such as 光猫 together instead of falling apart into single
 * characters; its occasional odd merges are what user words and the bigrams of `terms` are for.
 * All other runs (Latin text, also inside Chinese: "ECS 实例 down 了", "PPPoE 691") get
 * diacritics folded (café → cafe), English contractions expanded ("can't" → "can not", "it's" →
 * "it"), are split by natural's `WordTokenizer` and Porter-stemmed. Punctuation and whitespace
 * vanish, stop words (see `stopwords.ts`) are dropped, digits and codes (691, 404, 5g, err_code)
 * are kept.
 *
 * Why not `Intl.Segmenter`: on Node 20 (ICU's dictionary) it splits domain words like 服务器 or
 * 模块 into single characters, cannot take user words, and is quadratic on long text.
 *
 * Cost and limits: building one loads jieba's dictionary (~0.2 s and ~40 MB RSS), so build one
 * per process and share it (user words are per instance). `tokens` is linear in the text length.
 * Scripts other than Han, Latin and Cyrillic (kana, hangul, Greek, …) are dropped. A user word
 * mixing scripts ("WiFi密码") only registers its Han part, since Latin and Han runs are tokenized
 * separately (it still yields `wifi` + `密码`). Porter stems are not words (`configur`) and
 * acronyms ending in s lose it (`ecs` → `ec`, `dns` → `dn`) — consistently, which is what
 * retrieval needs; use `normalizeText` for display or exact matching.
 */
export class Tokenizer {
  readonly #jieba: Jieba;
  readonly #words = new WordTokenizer();
  readonly #userWords = new Set<string>();
  readonly #userWordFrequency: number;
  readonly #stems = new Map<string, string>();
  readonly #lines = new LRUCache<string, readonly string[]>({
    max: LINE_CACHE_ENTRIES,
    maxSize: LINE_CACHE_SIZE,
    sizeCalculation: lineSize,
  });

  constructor(options: TokenizerOptions = {}) {
    this.#userWordFrequency = options.userWordFrequency ?? DEFAULT_USER_WORD_FREQUENCY;
    if (!Number.isInteger(this.#userWordFrequency) || this.#userWordFrequency < 1) {
      throw new RangeError(`userWordFrequency must be a positive integer`);
    }
    this.#jieba = Jieba.withDict(dict);
    if (options.userWords) this.addWords(options.userWords);
  }

  /**
   * Adds words to this tokenizer's jieba dictionary so each segments as one token from now on
   * (tokens produced earlier are not recomputed — re-index if that matters).
   *
   * Words are normalized like text; only their Han runs of two or more characters are
   * registered (Latin never goes through jieba, single characters are always tokens already).
   * Already-registered words are skipped, so calling this repeatedly with the same ontology is
   * cheap. Returns how many dictionary entries were added.
   */
  addWords(words: Iterable<string>): number {
    const lines: string[] = [];
    for (const word of words) {
      for (const [run] of normalizeText(word).matchAll(HAN_RUNS)) {
        if (Array.from(run).length < 2 || this.#userWords.has(run)) continue;
        this.#userWords.add(run);
        lines.push(`${run} ${this.#userWordFrequency} n`);
      }
    }
    if (lines.length > 0) {
      this.#jieba.loadDict(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
      // Remembered lines were segmented with the old dictionary.
      this.#lines.clear();
    }
    return lines.length;
  }

  /**
   * Retrieval tokens of `text`, in order, duplicates kept (term frequency counts).
   *
   * `lang` is accepted for callers that carry a detected language, but the output does not
   * depend on it: runs are routed by script, so "ECS" gives the same token in a Chinese and an
   * English document — anything else would break cross-language retrieval. No detection is run.
   */
  tokens(text: string, lang?: TextLanguage): string[] {
    return this.#analyze(text, lang, false);
  }

  /**
   * Like `tokens`, plus the character bigrams of every kept jieba word of three or more
   * characters (电源模块 → 电源模块 电源 源模 模块), right after the word.
   *
   * Why: jieba may keep a compound whole in one text and split it in another (电源模块 in a ticket,
   * 电源 + 模块 in a question; HMM merges depend on context). Bigrams give such pairs shared terms
   * without indexing every bigram of every sentence, which would flood the index with noise
   * like 源模. Two-character words are their own bigram and get nothing extra. Not deduplicated.
   */
  terms(text: string, lang?: TextLanguage): string[] {
    return this.#analyze(text, lang, true);
  }

  /**
   * Porter stem of one English word, lower-cased — the same stem `tokens` produces, so callers
   * can stem ontology labels or query words without tokenizing. Words longer than 32 characters
   * are returned lower-cased but unstemmed (see `tokens`).
   */
  stem(word: string): string {
    return this.#stem(word.toLowerCase());
  }

  #stem(word: string): string {
    if (word.length > MAX_STEM_LENGTH) return word;
    let stem = this.#stems.get(word);
    if (stem === undefined) {
      if (this.#stems.size >= STEM_CACHE_LIMIT) this.#stems.clear();
      stem = porterStemmer.stem(word);
      this.#stems.set(word, stem);
    }
    return stem;
  }

  #analyze(text: string, _lang: TextLanguage | undefined, bigrams: boolean): string[] {
    const out: string[] = [];
    // Line by line: a line break only separates runs, so the tokens of a text are the tokens of
    // its lines in order — and extraction tokenizes the same sentences again as parts of longer
    // texts (a ticket's text joined for concept linking, a fault's phrasings for the index).
    for (const line of text.split('\n')) {
      for (const token of this.#lineTokens(line)) {
        out.push(token);
        if (!bigrams || token.length < 3 || !HAN_RUN.test(token)) continue;
        const chars = Array.from(token);
        if (chars.length < 3) continue;
        for (let i = 0; i + 1 < chars.length; i += 1) out.push(`${chars[i]}${chars[i + 1]}`);
      }
    }
    return out;
  }

  /** Tokens of one line (no bigrams), remembered: the result is shared, never mutate it. */
  #lineTokens(line: string): readonly string[] {
    let tokens = this.#lines.get(line);
    if (tokens === undefined) {
      const out: string[] = [];
      for (const [run] of normalizeText(line).matchAll(SCRIPT_RUNS)) {
        if (HAN_RUN.test(run)) this.#hanTokens(run, out);
        else this.#latinTokens(run, out);
      }
      // The key is copied: a line cut from a longer text by `split` may share that text's memory,
      // and would keep all of it alive. Too large a line is not kept (nor copied).
      if (lineSize(out, line) <= LINE_CACHE_MAX_ENTRY)
        this.#lines.set(Buffer.from(line, 'utf16le').toString('utf16le'), out);
      tokens = out;
    }
    return tokens;
  }

  #hanTokens(run: string, out: string[]): void {
    for (const word of this.#jieba.cut(run, true)) {
      if (!CHINESE_STOP_WORDS.has(word)) out.push(word);
    }
  }

  #latinTokens(run: string, out: string[]): void {
    let text = run;
    if (NON_ASCII.test(text)) {
      text = text.normalize('NFD').replace(COMBINING_MARKS, '').replace(APOSTROPHES, "'");
    } else if (text.includes('`')) {
      // The backtick is an apostrophe ("don`t") whatever else the run holds: the result must not
      // depend on a neighbouring line (lines are tokenized one by one).
      text = text.replace(APOSTROPHES, "'");
    }
    if (text.includes("'")) {
      text = text
        .replace(
          IRREGULAR_NEGATIONS,
          (_m, base: string) => `${IRREGULAR_NEGATION_BASE[base] ?? base} not`,
        )
        .replace(NEGATION_SUFFIX, ' not')
        .replace(CLITICS, '');
    }
    for (const token of this.#words.tokenize(text)) {
      if (ENGLISH_STOP_WORDS.has(token) || ONLY_UNDERSCORES.test(token)) continue;
      out.push(this.#stem(token));
    }
  }
}
