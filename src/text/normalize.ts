/** Options for {@link normalizeText}. */
export interface NormalizeOptions {
  /**
   * Keep line breaks (collapsed to a single `\n`) instead of folding them into spaces, so the
   * result can still be fed to `splitSentences`, which splits on newlines. @default false
   */
  keepNewlines?: boolean;
}

/** Zero-width/format characters (Cf: ZWSP, ZWJ, ZWNJ, BOM, soft hyphen, bidi marks, …). */
const FORMAT_CHARS = /\p{Cf}+/gu;
/** Control characters (Cc) other than the whitespace ones, which are collapsed like spaces. */
const CONTROL_CHARS = /(?![\t\n\v\f\r\u0085])\p{Cc}/gu;
/** Whitespace that is not a line break (JS `\s` minus line terminators). */
const HORIZONTAL_SPACE = /[^\S\n\r\u2028\u2029]+/g;
/** A line break with the (already collapsed) spaces around it and any further blank lines. */
const LINE_BREAK = / ?[\n\r\u0085\u2028\u2029][\s\u0085]*/g;
const ANY_SPACE = /[\s\u0085]+/g;

/**
 * Canonical form of text for matching and tokenization.
 *
 * Steps: Unicode NFKC (full-width Latin/digits/punctuation become ASCII — `ＡＢＣ１２３` →
 * `ABC123`, `，` → `,`, `！` → `!`, `（` → `(`; the ideographic space becomes a space), removal of
 * zero-width and other format characters (Cf) and of control characters, lower-casing,
 * whitespace collapsing (runs of whitespace become one space, or one `\n` with `keepNewlines`)
 * and trimming.
 *
 * Limits: NFKC does not touch CJK punctuation that has no ASCII twin (`。` `、` `「」` `《》`
 * stay as they are — `splitSentences` and the tokenizer handle both forms, so normalizing first is
 * optional for them). `toLowerCase` is locale-independent and lower-cases every cased script, not
 * only Latin (Han has no case so is unaffected). Removing Cf also removes the ZWJ inside emoji
 * sequences, splitting them into their parts. NFKC also folds ligatures and superscripts
 * (`ﬁ` → `fi`, `²` → `2`), which is what retrieval wants but loses typography.
 */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  let out = text.normalize('NFKC').replace(FORMAT_CHARS, '').replace(CONTROL_CHARS, '');
  out = out.toLowerCase();
  if (options.keepNewlines) {
    // Horizontal runs first, so LINE_BREAK never has to backtrack over a long run of spaces.
    out = out.replace(HORIZONTAL_SPACE, ' ').replace(LINE_BREAK, '\n');
  } else {
    out = out.replace(ANY_SPACE, ' ');
  }
  return out.trim();
}
