import type { ClassifyContext, SentenceClassifier } from '../extract/classify/classifier.js';
import type { Role } from '../extract/classify/cues.js';
import { ROLES } from '../extract/classify/cues.js';
import type { ReadItem, Ticket, TicketTurn } from '../extract/read/ticket.js';
import { extractTicket, type StageContext } from '../extract/stages.js';
import { detectLanguage, type TextLanguage } from '../text/index.js';

/**
 * `kg eval extract`: how well extraction finds the problem and the solution, on any file in the
 * shared evaluation schema. Two independent parts, each on the rows that carry its labels:
 *
 * **Turn roles** (rows with `meta.turn_nugget_majority`, one STC3 nugget label per dialogue turn).
 * Every turn is classified on its own (`SentenceClassifier.classify` with the turn's sender, its
 * position in the dialogue and the row's language). The nugget labels say which turn is useful, not
 * what role it plays, except two: CNUG0 (customer states the problem) is our `symptom` and HNUG*
 * (the helpdesk turn that solves it) is our `solution`. So:
 * - accuracy (the headline `roles`) = share of CNUG0 and HNUG* turns that get exactly that role
 *   (pooled; also per role as recall). CNUG0 turns outnumber HNUG* ~7:1 in STC3, so the pooled
 *   figure mostly measures symptoms; `balancedAccuracy` (mean of the two recalls) weighs both.
 * - precision of our `symptom` / `solution` labels over all turns: strict (gold CNUG0 / HNUG*) and
 *   lenient (also CNUG / HNUG).
 * - CNUG, CNUG*, HNUG, CNaN, HNaN are not scored as right or wrong (none maps to one role); their
 *   predicted-role distribution is kept in `confusion`.
 * - per dialogue: whether the turn with the highest symptom (solution) score is a CNUG0 (HNUG*).
 * - a position baseline (first customer turn → symptom, last helpdesk turn → solution, rest noise)
 *   scored the same way, to show what the classifier adds over dialogue structure.
 *
 * **Solution F1** (rows with `meta.gold_short_answers`, an array of strings or one string). The
 * real extraction stages (`extractTicket`, with PII masking) run on the row: on its dialogue turns
 * when it has some (subject, description, cause and resolution are then left out, since in the
 * shared schema they repeat the dialogue and the resolution may contain the answer verbatim), else
 * on subject / description / resolution. The extracted solution (all its steps, as the graph stores
 * and serves them) is compared with each gold answer by SQuAD-style token F1 ({@link tokenF1}); the
 * best gold answer counts, and rows are averaged. A row where extraction finds no solution scores 0.
 *
 * Rows with neither label are counted as skipped. Rows that cannot be used (the reader's bad
 * records: invalid JSON, missing id…; labels of the wrong type or length) are reported with line
 * and reason, and the rest still run. Pure: no store, no file; the caller streams the items.
 */

/** Unusable rows kept with line and reason (the rest are only counted). */
export const MAX_UNUSABLE = 1000;

export const LANGS: readonly TextLanguage[] = ['zh', 'en'];
export const GOLD_LABELS = ['CNUG0', 'CNUG', 'CNUG*', 'CNaN', 'HNUG', 'HNUG*', 'HNaN'] as const;

/** Scores of one system on one language; ratios are null when their denominator is 0. */
export interface RoleSummary {
  rows: number;
  turns: number;
  /** Gold CNUG0 and HNUG* turns. */
  gold: { symptom: number; solution: number };
  accuracy: number | null;
  balancedAccuracy: number | null;
  recall: { symptom: number | null; solution: number | null };
  precision: {
    symptom: { strict: number | null; lenient: number | null };
    solution: { strict: number | null; lenient: number | null };
  };
  pick: { symptom: number | null; solution: number | null };
  predicted: Record<Role, number>;
  /** gold label → predicted role → turns. */
  confusion: Record<string, Record<Role, number>>;
}

export interface F1Summary {
  rows: number;
  /** Mean over rows of the best F1 against any gold answer (null without rows). */
  f1: number | null;
  /** Same with the solution title (first step) only. */
  titleF1: number | null;
  /** Rows where extraction found no solution (scored 0). */
  noSolution: number;
}

export interface Unusable {
  line: number;
  id: string | null;
  reason: string;
}

export interface ExtractEvalResult {
  /** Turn-role accuracy per language (null: no labelled turn of that language). */
  roles: Record<TextLanguage, number | null>;
  /** Mean best token F1 of the extracted solution (null: no row with gold answers). */
  solutionF1: number | null;
  /** Rows scored: rows with turn labels or gold answers that were used (a row with both counts once). */
  n: number;
  classifier: Record<TextLanguage, RoleSummary>;
  baseline: Record<TextLanguage, RoleSummary>;
  f1: Record<TextLanguage | 'all', F1Summary>;
  /** Records read (tickets + bad records). */
  records: number;
  /** Rows read but without any label to score, by reason. */
  skipped: number;
  /** Rows (or parts of rows) that could not be used, in file order: the first {@link MAX_UNUSABLE}. */
  unusable: Unusable[];
  /** All of them, counted. */
  unusableCount: number;
  /** Rows without lang zh/en whose language was detected from the text. */
  langDetected: number;
  /** Turns whose label is not one of STC3's seven (kept, scored as "other"). */
  unknownLabels: number;
}

export interface ExtractEvalDeps {
  classifier: SentenceClassifier;
  /** The stage context for solution extraction; called once, on the first row with gold answers. */
  stages: () => Promise<StageContext> | StageContext;
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : round(a / b);
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function labelOrder(label: string): number {
  const i = (GOLD_LABELS as readonly string[]).indexOf(label);
  return i === -1 ? GOLD_LABELS.length : i;
}

const noRoles = (): Record<Role, number> => ({ symptom: 0, cause: 0, solution: 0, noise: 0 });

/** Counters for one system (the classifier or the baseline) and one language. */
class Tally {
  rows = 0;
  turns = 0;
  symptomGold = 0;
  symptomHit = 0;
  solutionGold = 0;
  solutionHit = 0;
  predicted = noRoles();
  symptomStrict = 0;
  symptomLenient = 0;
  solutionStrict = 0;
  solutionLenient = 0;
  withSymptom = 0;
  symptomPickHit = 0;
  withSolution = 0;
  solutionPickHit = 0;
  confusion = new Map<string, Record<Role, number>>();

  addDialogue(gold: readonly string[], scores: readonly Record<Role, number>[]): void {
    this.rows += 1;
    gold.forEach((g, i) => this.add(g, topRole(scores[i]!)));
    const pick = (role: Role, label: string): boolean | null => {
      if (!gold.includes(label)) return null;
      let best = 0;
      scores.forEach((s, i) => {
        if (s[role] > scores[best]![role]) best = i;
      });
      return gold[best] === label;
    };
    const sym = pick('symptom', 'CNUG0');
    if (sym !== null) {
      this.withSymptom += 1;
      if (sym) this.symptomPickHit += 1;
    }
    const sol = pick('solution', 'HNUG*');
    if (sol !== null) {
      this.withSolution += 1;
      if (sol) this.solutionPickHit += 1;
    }
  }

  private add(gold: string, role: Role): void {
    this.turns += 1;
    this.predicted[role] += 1;
    if (gold === 'CNUG0') {
      this.symptomGold += 1;
      if (role === 'symptom') this.symptomHit += 1;
    }
    if (gold === 'HNUG*') {
      this.solutionGold += 1;
      if (role === 'solution') this.solutionHit += 1;
    }
    if (role === 'symptom') {
      if (gold === 'CNUG0') this.symptomStrict += 1;
      if (gold === 'CNUG0' || gold === 'CNUG') this.symptomLenient += 1;
    }
    if (role === 'solution') {
      if (gold === 'HNUG*') this.solutionStrict += 1;
      if (gold === 'HNUG*' || gold === 'HNUG') this.solutionLenient += 1;
    }
    const row = this.confusion.get(gold) ?? noRoles();
    row[role] += 1;
    this.confusion.set(gold, row);
  }

  summary(): RoleSummary {
    const symptom = ratio(this.symptomHit, this.symptomGold);
    const solution = ratio(this.solutionHit, this.solutionGold);
    const recalls = [symptom, solution].filter((r): r is number => r !== null);
    return {
      rows: this.rows,
      turns: this.turns,
      gold: { symptom: this.symptomGold, solution: this.solutionGold },
      accuracy: ratio(this.symptomHit + this.solutionHit, this.symptomGold + this.solutionGold),
      balancedAccuracy:
        recalls.length === 0 ? null : round(recalls.reduce((a, b) => a + b, 0) / recalls.length),
      recall: { symptom, solution },
      precision: {
        symptom: {
          strict: ratio(this.symptomStrict, this.predicted.symptom),
          lenient: ratio(this.symptomLenient, this.predicted.symptom),
        },
        solution: {
          strict: ratio(this.solutionStrict, this.predicted.solution),
          lenient: ratio(this.solutionLenient, this.predicted.solution),
        },
      },
      pick: {
        symptom: ratio(this.symptomPickHit, this.withSymptom),
        solution: ratio(this.solutionPickHit, this.withSolution),
      },
      predicted: { ...this.predicted },
      confusion: Object.fromEntries(
        [...this.confusion.entries()].sort(([a], [b]) => labelOrder(a) - labelOrder(b)),
      ),
    };
  }
}

class F1Tally {
  rows = 0;
  sum = 0;
  titleSum = 0;
  noSolution = 0;
  summary(): F1Summary {
    return {
      rows: this.rows,
      f1: this.rows === 0 ? null : round(this.sum / this.rows),
      titleF1: this.rows === 0 ? null : round(this.titleSum / this.rows),
      noSolution: this.noSolution,
    };
  }
}

function topRole(scores: Record<Role, number>): Role {
  return ROLES.reduce((a, b) => (scores[b] > scores[a] ? b : a));
}

function position(i: number, n: number): NonNullable<ClassifyContext['position']> {
  if (i === 0) return 'first';
  return i === n - 1 ? 'last' : 'middle';
}

/** Position baseline: first customer turn → symptom, last helpdesk turn → solution, rest noise. */
export function baselineScores(turns: readonly TicketTurn[]): Record<Role, number>[] {
  const firstCustomer = turns.findIndex((t) => t.sender === 'customer');
  let lastAgent = -1;
  turns.forEach((t, i) => {
    if (t.sender === 'agent') lastAgent = i;
  });
  return turns.map((_t, i) => ({
    symptom: i === firstCustomer ? 1 : 0,
    cause: 0,
    solution: i === lastAgent ? 1 : 0,
    noise: i === firstCustomer || i === lastAgent ? 0 : 1,
  }));
}

const ENGLISH_ARTICLES = new Set(['a', 'an', 'the']);

/**
 * SQuAD-style normalization and tokens: NFKC, lower case, punctuation and symbols become spaces,
 * English articles (a, an, the) are dropped. Chinese is tokenized into single Han characters
 * (as CMRC / DuReader score Chinese answers), not with the project's jieba tokenizer: character
 * F1 does not depend on how jieba happens to segment a compound in one text or the other. Other
 * text is split on whitespace, so a mixed "WiFi密码" gives `wifi 密 码`.
 */
export function answerTokens(text: string): string[] {
  const cleaned = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ');
  const tokens = cleaned.match(/\p{Script=Han}|[^\s\p{Script=Han}]+/gu) ?? [];
  return tokens.filter((t) => !ENGLISH_ARTICLES.has(t));
}

/**
 * Token F1 (SQuAD): harmonic mean of precision and recall of the multiset of common tokens. Both
 * empty → 1, one empty → 0.
 */
export function tokenF1(prediction: string, gold: string): number {
  const p = answerTokens(prediction);
  const g = answerTokens(gold);
  if (p.length === 0 || g.length === 0) return p.length === g.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of g) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of p) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common += 1;
      counts.set(t, c - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / p.length;
  const recall = common / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The gold answers of a row, or why they cannot be used; undefined when the row has none. */
function goldAnswers(meta: Record<string, unknown>): string[] | { bad: string } | undefined {
  const value = meta.gold_short_answers;
  if (value === undefined || value === null) return undefined;
  const list: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  if (typeof value !== 'string' && !Array.isArray(value))
    return { bad: 'meta.gold_short_answers must be a string or a list of strings' };
  const answers = list.filter(
    (a): a is string => typeof a === 'string' && answerTokens(a).length > 0,
  );
  if (answers.length === 0)
    return { bad: 'meta.gold_short_answers has no non-empty string answer' };
  return answers;
}

/** The turn labels of a row aligned with its turns, or why they cannot be used. */
function turnLabels(ticket: Ticket): string[] | { bad: string } | undefined {
  const labels = ticket.meta.turn_nugget_majority;
  if (labels === undefined || labels === null) return undefined;
  if (!Array.isArray(labels)) return { bad: 'meta.turn_nugget_majority is not a list' };
  const turns = ticket.turns ?? [];
  if (turns.length === 0) return { bad: 'meta.turn_nugget_majority but no dialogue turns' };
  if (turns.length !== labels.length)
    return {
      bad: `meta.dialogue has ${turns.length} turns but meta.turn_nugget_majority ${labels.length} labels`,
    };
  const i = labels.findIndex((l) => typeof l !== 'string');
  if (i !== -1) return { bad: `meta.turn_nugget_majority[${i}] is not a string` };
  return labels as string[];
}

/** What extraction sees of a row: its dialogue when it has one, else its text fields. */
function extractionInput(ticket: Ticket): Ticket {
  if (!ticket.turns || !ticket.turns.some((t) => t.text.trim() !== '')) return ticket;
  return { ...ticket, subject: null, description: null, cause: null, resolution: null };
}

/**
 * Runs both parts over the items of one file (see the module comment). Memory holds the counters
 * and the list of unusable rows, not the rows.
 */
export async function evalExtract(
  items: AsyncIterable<ReadItem> | Iterable<ReadItem>,
  deps: ExtractEvalDeps,
): Promise<ExtractEvalResult> {
  const ours = { zh: new Tally(), en: new Tally() };
  const base = { zh: new Tally(), en: new Tally() };
  const f1 = { zh: new F1Tally(), en: new F1Tally(), all: new F1Tally() };
  const unusable: Unusable[] = [];
  let unusableCount = 0;
  const reject = (u: Unusable) => {
    unusableCount += 1;
    if (unusable.length < MAX_UNUSABLE) unusable.push(u);
  };
  let stages: StageContext | null = null;
  let records = 0;
  let skipped = 0;
  let n = 0;
  let langDetected = 0;
  let unknownLabels = 0;

  for await (const item of items) {
    records += 1;
    if (item.kind === 'bad') {
      reject({ line: item.line, id: null, reason: item.reason });
      continue;
    }
    const { ticket, line } = item;
    const labels = turnLabels(ticket);
    const gold = goldAnswers(ticket.meta);
    if (labels === undefined && gold === undefined) {
      skipped += 1;
      continue;
    }
    let lang: TextLanguage;
    if (ticket.lang) lang = ticket.lang;
    else {
      langDetected += 1;
      lang = detectLanguage(
        [ticket.subject, ticket.description, ...(ticket.turns ?? []).map((t) => t.text)]
          .filter(Boolean)
          .join('\n'),
      );
    }
    let scored = false;

    if (labels !== undefined && 'bad' in labels) {
      reject({ line, id: ticket.id, reason: `turn roles not scored: ${labels.bad}` });
    } else if (labels !== undefined) {
      const turns = ticket.turns!;
      const scores = turns.map((t, i) => {
        const ctx: ClassifyContext = {
          lang,
          sender: t.sender,
          position: position(i, turns.length),
        };
        return deps.classifier.classify(t.text, ctx).scores;
      });
      unknownLabels += labels.filter((l) => !(GOLD_LABELS as readonly string[]).includes(l)).length;
      ours[lang].addDialogue(labels, scores);
      base[lang].addDialogue(labels, baselineScores(turns));
      scored = true;
    }

    if (gold !== undefined && 'bad' in gold) {
      reject({ line, id: ticket.id, reason: `solution F1 not scored: ${gold.bad}` });
    } else if (gold !== undefined) {
      stages ??= await deps.stages();
      const solution = extractTicket(extractionInput(ticket), stages).solution;
      const full = solution ? solution.steps.join(' ') : '';
      const title = solution?.text ?? '';
      const best = Math.max(...gold.map((g) => tokenF1(full, g)));
      const bestTitle = Math.max(...gold.map((g) => tokenF1(title, g)));
      for (const t of [f1[lang], f1.all]) {
        t.rows += 1;
        t.sum += best;
        t.titleSum += bestTitle;
        if (!solution) t.noSolution += 1;
      }
      scored = true;
    }
    if (scored) n += 1;
  }

  const classifier = { zh: ours.zh.summary(), en: ours.en.summary() };
  return {
    roles: { zh: classifier.zh.accuracy, en: classifier.en.accuracy },
    solutionF1: f1.all.summary().f1,
    n,
    classifier,
    baseline: { zh: base.zh.summary(), en: base.en.summary() },
    f1: { zh: f1.zh.summary(), en: f1.en.summary(), all: f1.all.summary() },
    records,
    skipped,
    unusable,
    unusableCount,
    langDetected,
    unknownLabels,
  };
}
