import type { PiiKind, PiiPattern } from './pii-patterns.js';
import { DEFAULT_PII_PATTERNS } from './pii-patterns.js';

export { DEFAULT_PII_PATTERNS, luhnValid } from './pii-patterns.js';
export type { BuiltinPiiKind, PiiKind, PiiMatchContext, PiiPattern } from './pii-patterns.js';

/** Options of {@link maskPii}. */
export interface MaskPiiOptions {
  /**
   * The full, ordered pattern list. @default DEFAULT_PII_PATTERNS. To add a kind, pass
   * `[...DEFAULT_PII_PATTERNS, mine]` (or use `extraPatterns`); to drop one, filter the defaults.
   */
  patterns?: readonly PiiPattern[];
  /** Patterns run before `patterns`, for site-specific identifiers (account ids, …). */
  extraPatterns?: readonly PiiPattern[];
}

/** Result of {@link maskPii}: the masked text and how many matches of each kind were replaced. */
export interface MaskPiiResult {
  text: string;
  found: Partial<Record<PiiKind, number>>;
}

/** Each pattern's regex with `g` (all matches) and `d` (group offsets) added, built once. */
const prepared = new WeakMap<RegExp, RegExp>();

function globalRegex(regex: RegExp): RegExp {
  let re = prepared.get(regex);
  if (re === undefined) {
    let flags = regex.flags;
    if (!flags.includes('g')) flags += 'g';
    if (!flags.includes('d')) flags += 'd';
    re = new RegExp(regex.source, flags.replace('y', ''));
    prepared.set(regex, re);
  }
  return re;
}

function applyPattern(
  text: string,
  pattern: PiiPattern,
  found: Partial<Record<PiiKind, number>>,
): string {
  const re = globalRegex(pattern.regex);
  const placeholder = pattern.placeholder ?? `<${pattern.kind.toUpperCase()}>`;
  let out = '';
  let copied = 0;
  let count = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex += 1; // a pattern that can match nothing must still advance
      continue;
    }
    const span = m.indices?.groups?.pii ?? [m.index, m.index + m[0].length];
    const [start, end] = span;
    const value = text.slice(start, end);
    if (value === '') continue;
    if (
      pattern.validate &&
      !pattern.validate(value, { match: m[0], index: m.index, input: text })
    ) {
      re.lastIndex = m.index + 1; // a vetoed candidate may hide a valid one starting inside it
      continue;
    }
    out += text.slice(copied, start) + placeholder;
    copied = end;
    count += 1;
  }
  if (count === 0) return text;
  found[pattern.kind] = (found[pattern.kind] ?? 0) + count;
  return out + text.slice(copied);
}

/**
 * Replaces personal data in ticket text with typed placeholders — `<PHONE>`, `<EMAIL>`,
 * `<ID_NUMBER>`, `<CARD>`, `<ORDER>`, `<ADDRESS>`, `<NAME>`, `<IP>`, `<URL_TOKEN>` — before the
 * text is stored or used for extraction. Only the sensitive span is replaced: cue words
 * (`订单号：`, `my name is`, `Mr.`) and the rest of the sentence stay, so extraction still sees
 * "the customer's order <ORDER> was charged twice". The output is a pure function of the input.
 *
 * Patterns run in order (see {@link DEFAULT_PII_PATTERNS} for why the order matters); `found`
 * counts replacements per kind (kinds with none are absent). Runs in time linear in the text.
 *
 * Limits: precision over recall for names — names are only found after cue words (我叫, 联系人,
 * 我是 + a common surname, X先生/女士, "my name is", "this is", Mr./Ms.), never bare. Chinese
 * addresses need a street/community and a number (a bare city or district is kept), and may take
 * a few words before the place name with them. Full-width digits, IPv6, 7–8 digit local numbers
 * without an area code, North American numbers written without separators and numbers spelled
 * out in words are not found. An 18-digit number shaped like a resident ID is masked even when
 * its checksum is wrong (a mistyped ID is still personal data).
 */
export function maskPii(text: string, options: MaskPiiOptions = {}): MaskPiiResult {
  const patterns = [
    ...(options.extraPatterns ?? []),
    ...(options.patterns ?? DEFAULT_PII_PATTERNS),
  ];
  const found: Partial<Record<PiiKind, number>> = {};
  let out = text;
  for (const pattern of patterns) out = applyPattern(out, pattern, found);
  return { text: out, found };
}
