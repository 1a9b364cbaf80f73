/**
 * Types for natural's logistic-regression classifier, imported by path (see
 * `src/text/natural-modules.d.ts` for why never through the package root).
 *
 * The module loads `classifier.js` (Node `fs`/`events`, natural's Porter stemmer, an optional
 * `webworker-threads` probe that fails silently) and `apparatus`, whose `sylvester` dependency
 * defines the globals `$V`, `$M`, `$L` and `$P` — no output, no I/O. Only the trainer imports
 * it; inference reads the saved weights and does not load natural at all.
 */
declare module 'natural/lib/natural/classifiers/logistic_regression_classifier.js' {
  /** A sylvester vector as apparatus stores it. */
  interface SylvesterVector {
    elements: number[];
  }

  /** apparatus' one-vs-rest logistic regression (full-batch gradient descent, no penalty). */
  interface ApparatusLogisticRegression {
    /** One weight vector per class, aligned with `classifications`; the intercept is dropped. */
    theta: SylvesterVector[];
    /** Class labels in the order they were first added. */
    classifications: string[];
  }

  class LogisticRegressionClassifier {
    constructor(stemmer?: object);
    /** Pre-tokenized documents (arrays) bypass natural's stemmer. Empty documents are ignored. */
    addDocument(text: string[], classification: string): void;
    /** Binary bag-of-features over every feature seen, in first-seen order. */
    features: Record<string, number>;
    classifier: ApparatusLogisticRegression;
    train(): void;
    getClassifications(observation: string[]): { label: string; value: number }[];
  }
  export = LogisticRegressionClassifier;
}
