/**
 * Types for the few `natural` submodules imported by path.
 *
 * Why by path: the package root (`natural`) eagerly loads every classifier, storage backend and
 * database client (and prints dotenv banners). The submodules below load only themselves plus
 * `underscore`. `natural/index.d.ts` only types the package root, hence these declarations.
 */

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  interface PorterStemmer {
    /** Porter (1980) stem; lower-cases, returns words shorter than 3 characters unchanged. */
    stem(token: string): string;
  }
  const stemmer: PorterStemmer;
  export = stemmer;
}

declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  /** Splits on anything but `[A-Za-zА-Яа-я0-9_]`, dropping empty pieces. Case is kept. */
  export class WordTokenizer {
    constructor(options?: object);
    tokenize(text: string): string[];
  }
}

declare module 'natural/lib/natural/util/stopwords.js' {
  /** natural's English stop list (lower case; includes single letters and digits 0–9). */
  export const words: readonly string[];
}

declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  /** Jaro-Winkler similarity in [0, 1] (1: equal). */
  function JaroWinklerDistance(
    s1: string,
    s2: string,
    options?: { dt?: number; ignoreCase?: boolean },
  ): number;
  export = JaroWinklerDistance;
}
