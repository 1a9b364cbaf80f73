/**
 * Turn-role evaluation of the sentence classifier on any file in the shared data schema.
 *
 *   npm run eval:extract -- <file.jsonl> [--json]
 *
 * Uses rows whose `meta` has both `dialogue` (turns with `sender` and `text`) and
 * `turn_nugget_majority` (one STC3 nugget label per turn). Every turn is classified on its own
 * (`SentenceClassifier.classify` with the turn's sender, its position in the dialogue and the
 * row's language).
 *
 * Scoring decision. The nugget labels say which turn is useful, not what role it plays, except
 * two: CNUG0 (customer states the problem) is our `symptom` and HNUG* (the helpdesk turn that
 * solves it) is our `solution`. So:
 * - turn-role accuracy = share of CNUG0 and HNUG* turns that get exactly that role (pooled; also
 *   reported per role as recall). This is the headline `roles` figure. CNUG0 turns outnumber
 *   HNUG* turns ~7:1 in STC3, so the pooled figure mostly measures symptoms; `rolesBalanced`
 *   (mean of the two recalls) weighs both equally.
 * - precision of our `symptom` / `solution` labels over all turns: strict (gold CNUG0 / HNUG*)
 *   and lenient (also CNUG / HNUG — a useful turn of the right side, which may well describe the
 *   problem or a fix without being *the* trigger or *the* solving turn).
 * - CNUG, CNUG*, HNUG, CNaN, HNaN are not scored as right or wrong: none maps to one role (a
 *   CNUG may add symptom detail or just give a phone number; an HNUG may ask a question or
 *   propose a fix that did not work). Their predicted-role distribution is printed instead.
 * - per dialogue: whether the turn with the highest symptom (solution) score is a CNUG0 (HNUG*)
 *   turn — what extraction needs when it picks one statement per ticket.
 * - a position baseline (first customer turn → symptom, last helpdesk turn → solution, rest
 *   noise) scored the same way, to show what the classifier adds over dialogue structure.
 *
 * Rows without the two fields are counted and skipped with a note; bad rows (invalid JSON, not an
 * object, dialogue/labels of different lengths, turns without text) are reported with line number
 * and reason, and the rest still run. Streams the file line by line: memory does not grow with it.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TextLanguage } from '../src/text/index.js';
import { detectLanguage } from '../src/text/index.js';
import type { Classification, ClassifyContext } from '../src/extract/classify/classifier.js';
import { SentenceClassifier } from '../src/extract/classify/classifier.js';
import type { Role } from '../src/extract/classify/cues.js';
import { ROLES } from '../src/extract/classify/cues.js';

const LANGS: readonly TextLanguage[] = ['zh', 'en'];
const GOLD_LABELS = ['CNUG0', 'CNUG', 'CNUG*', 'CNaN', 'HNUG', 'HNUG*', 'HNaN'] as const;
type GoldLabel = (typeof GOLD_LABELS)[number];
const MAX_REPORTED_BAD_ROWS = 50;

const CUSTOMER_SENDERS = new Set(['customer', 'user', 'client', 'requester', 'caller']);
const AGENT_SENDERS = new Set(['helpdesk', 'agent', 'support', 'staff', 'operator', 'csr', 'bot']);

interface Turn {
  text: string;
  sender: 'customer' | 'agent' | undefined;
  gold: string;
}

/** Counters for one system (the classifier or the baseline) and one language. */
/** Scores of one system on one language; ratios are null when their denominator is 0. */
interface Summary {
  turns: number;
  accuracy: number | null;
  balancedAccuracy: number | null;
  recall: { symptom: number | null; solution: number | null };
  precision: {
    symptom: { strict: number | null; lenient: number | null };
    solution: { strict: number | null; lenient: number | null };
  };
  pick: { symptom: number | null; solution: number | null };
  predicted: Record<Role, number>;
  confusion: Record<string, Record<Role, number>>;
}

class Tally {
  turns = 0;
  symptomGold = 0;
  symptomHit = 0;
  solutionGold = 0;
  solutionHit = 0;
  predicted = { symptom: 0, cause: 0, solution: 0, noise: 0 };
  symptomStrict = 0;
  symptomLenient = 0;
  solutionStrict = 0;
  solutionLenient = 0;
  dialoguesWithSymptom = 0;
  symptomPickHit = 0;
  dialoguesWithSolution = 0;
  solutionPickHit = 0;
  /** gold label → predicted role → count. */
  confusion = new Map<string, Record<Role, number>>();

  add(turn: Turn, role: Role): void {
    this.turns += 1;
    this.predicted[role] += 1;
    if (turn.gold === 'CNUG0') {
      this.symptomGold += 1;
      if (role === 'symptom') this.symptomHit += 1;
    }
    if (turn.gold === 'HNUG*') {
      this.solutionGold += 1;
      if (role === 'solution') this.solutionHit += 1;
    }
    if (role === 'symptom') {
      if (turn.gold === 'CNUG0') this.symptomStrict += 1;
      if (turn.gold === 'CNUG0' || turn.gold === 'CNUG') this.symptomLenient += 1;
    }
    if (role === 'solution') {
      if (turn.gold === 'HNUG*') this.solutionStrict += 1;
      if (turn.gold === 'HNUG*' || turn.gold === 'HNUG') this.solutionLenient += 1;
    }
    const row = this.confusion.get(turn.gold) ?? { symptom: 0, cause: 0, solution: 0, noise: 0 };
    row[role] += 1;
    this.confusion.set(turn.gold, row);
  }

  /** Per dialogue: is the arg-max-score turn for symptom / solution a gold one? */
  addPick(turns: readonly Turn[], scores: readonly Record<Role, number>[]): void {
    const pick = (role: Role, gold: GoldLabel, hasGold: () => void, hit: () => void): void => {
      if (!turns.some((t) => t.gold === gold)) return;
      hasGold();
      let best = -1;
      let bestScore = -Infinity;
      scores.forEach((s, i) => {
        if (s[role] > bestScore) {
          bestScore = s[role];
          best = i;
        }
      });
      if (turns[best]?.gold === gold) hit();
    };
    pick(
      'symptom',
      'CNUG0',
      () => (this.dialoguesWithSymptom += 1),
      () => (this.symptomPickHit += 1),
    );
    pick(
      'solution',
      'HNUG*',
      () => (this.dialoguesWithSolution += 1),
      () => (this.solutionPickHit += 1),
    );
  }

  summary(): Summary {
    const recalls = [
      ratio(this.symptomHit, this.symptomGold),
      ratio(this.solutionHit, this.solutionGold),
    ].filter((r): r is number => r !== null);
    return {
      turns: this.turns,
      accuracy: ratio(this.symptomHit + this.solutionHit, this.symptomGold + this.solutionGold),
      balancedAccuracy:
        recalls.length === 0
          ? null
          : Math.round((recalls.reduce((a, b) => a + b, 0) / recalls.length) * 10_000) / 10_000,
      recall: {
        symptom: ratio(this.symptomHit, this.symptomGold),
        solution: ratio(this.solutionHit, this.solutionGold),
      },
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
        symptom: ratio(this.symptomPickHit, this.dialoguesWithSymptom),
        solution: ratio(this.solutionPickHit, this.dialoguesWithSolution),
      },
      predicted: this.predicted,
      confusion: Object.fromEntries(
        [...this.confusion.entries()].sort(([a], [b]) => labelOrder(a) - labelOrder(b)),
      ),
    };
  }
}

function labelOrder(label: string): number {
  const i = (GOLD_LABELS as readonly string[]).indexOf(label);
  return i === -1 ? GOLD_LABELS.length : i;
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : Math.round((a / b) * 10_000) / 10_000;
}

interface BadRow {
  line: number;
  id: string | null;
  reason: string;
}

/** Parses one row into evaluable turns, or says why it is skipped or bad. */
function parseRow(
  line: string,
):
  | { kind: 'ok'; id: string | null; lang: TextLanguage; langDetected: boolean; turns: Turn[] }
  | { kind: 'skip'; reason: string }
  | { kind: 'bad'; id: string | null; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { kind: 'bad', id: null, reason: `invalid JSON (${(err as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'bad', id: null, reason: 'not a JSON object' };
  }
  const row = value as Record<string, unknown>;
  const id = typeof row.id === 'string' ? row.id : null;
  if (id === null) return { kind: 'bad', id, reason: 'missing field id' };
  const meta = row.meta;
  if (meta === undefined || meta === null) return { kind: 'skip', reason: 'no meta' };
  if (typeof meta !== 'object' || Array.isArray(meta)) {
    return { kind: 'bad', id, reason: 'meta is not an object' };
  }
  const { dialogue, turn_nugget_majority: labels } = meta as Record<string, unknown>;
  if (dialogue === undefined || dialogue === null) {
    return { kind: 'skip', reason: 'no meta.dialogue' };
  }
  if (labels === undefined || labels === null) {
    return { kind: 'skip', reason: 'no meta.turn_nugget_majority' };
  }
  if (!Array.isArray(dialogue)) return { kind: 'bad', id, reason: 'meta.dialogue is not an array' };
  if (!Array.isArray(labels)) {
    return { kind: 'bad', id, reason: 'meta.turn_nugget_majority is not an array' };
  }
  if (dialogue.length !== labels.length) {
    return {
      kind: 'bad',
      id,
      reason: `meta.dialogue has ${dialogue.length} turns but ${labels.length} labels`,
    };
  }
  if (dialogue.length === 0) return { kind: 'skip', reason: 'empty dialogue' };
  const turns: Turn[] = [];
  for (let i = 0; i < dialogue.length; i += 1) {
    const t: unknown = dialogue[i];
    const gold: unknown = labels[i];
    if (typeof t !== 'object' || t === null)
      return { kind: 'bad', id, reason: `turn ${i} is not an object` };
    const { text, sender } = t as Record<string, unknown>;
    if (typeof text !== 'string') return { kind: 'bad', id, reason: `turn ${i} has no text` };
    if (typeof gold !== 'string') return { kind: 'bad', id, reason: `label ${i} is not a string` };
    const s = typeof sender === 'string' ? sender.toLowerCase() : '';
    turns.push({
      text,
      gold,
      sender: CUSTOMER_SENDERS.has(s) ? 'customer' : AGENT_SENDERS.has(s) ? 'agent' : undefined,
    });
  }
  const lang = row.lang === 'zh' || row.lang === 'en' ? row.lang : null;
  if (lang !== null) return { kind: 'ok', id, lang, langDetected: false, turns };
  return {
    kind: 'ok',
    id,
    lang: detectLanguage(turns.map((t) => t.text).join('\n')),
    langDetected: true,
    turns,
  };
}

function position(i: number, n: number): NonNullable<ClassifyContext['position']> {
  if (i === 0) return 'first';
  return i === n - 1 ? 'last' : 'middle';
}

/** Position baseline: first customer turn → symptom, last helpdesk turn → solution. */
function baseline(turns: readonly Turn[]): Record<Role, number>[] {
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

function topRole(scores: Record<Role, number>): Role {
  return ROLES.reduce((a, b) => (scores[b] > scores[a] ? b : a));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const files = argv.filter((a) => a !== '--json');
  const unknown = files.filter((a) => a.startsWith('--'));
  if (files.length !== 1 || unknown.length > 0) {
    console.error('usage: npm run eval:extract -- <file.jsonl> [--json]');
    process.exitCode = 1;
    return;
  }
  const file = files[0]!;
  if (!existsSync(file)) {
    console.error(`eval:extract: no such file ${file}`);
    process.exitCode = 2;
    return;
  }

  const classifier = SentenceClassifier.load();
  const ours = { zh: new Tally(), en: new Tally() };
  const base = { zh: new Tally(), en: new Tally() };
  const rows = { zh: 0, en: 0 };
  const skipped = new Map<string, number>();
  const badRows: BadRow[] = [];
  let bad = 0;
  let lines = 0;
  let blank = 0;
  let langDetected = 0;
  let unknownSenders = 0;
  let unknownLabels = 0;

  const input = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of input) {
    lines += 1;
    if (line.trim() === '') {
      blank += 1;
      continue;
    }
    const parsed = parseRow(line);
    if (parsed.kind === 'skip') {
      skipped.set(parsed.reason, (skipped.get(parsed.reason) ?? 0) + 1);
      continue;
    }
    if (parsed.kind === 'bad') {
      bad += 1;
      if (badRows.length < MAX_REPORTED_BAD_ROWS) {
        badRows.push({ line: lines, id: parsed.id, reason: parsed.reason });
      }
      continue;
    }
    const { lang, turns } = parsed;
    if (parsed.langDetected) langDetected += 1;
    rows[lang] += 1;
    const n = turns.length;
    const results: Classification[] = turns.map((t, i) => {
      if (t.sender === undefined) unknownSenders += 1;
      if (!(GOLD_LABELS as readonly string[]).includes(t.gold)) unknownLabels += 1;
      const ctx: ClassifyContext = { lang, position: position(i, n) };
      if (t.sender) ctx.sender = t.sender;
      return classifier.classify(t.text, ctx);
    });
    turns.forEach((t, i) => ours[lang].add(t, results[i]!.role));
    ours[lang].addPick(
      turns,
      results.map((r) => r.scores),
    );
    const b = baseline(turns);
    turns.forEach((t, i) => base[lang].add(t, topRole(b[i]!)));
    base[lang].addPick(turns, b);
  }

  const skippedTotal = [...skipped.values()].reduce((a, b) => a + b, 0);
  const notes: string[] = [];
  if (skippedTotal > 0) {
    notes.push(
      `${skippedTotal} row(s) skipped: no turn labels to score (${[...skipped.entries()]
        .map(([r, c]) => `${r}: ${c}`)
        .join(', ')})`,
    );
  }
  if (bad > 0) notes.push(`${bad} bad row(s) ignored (first ${badRows.length} listed)`);
  if (langDetected > 0) notes.push(`${langDetected} row(s) without lang zh/en: language detected`);
  if (unknownSenders > 0)
    notes.push(`${unknownSenders} turn(s) with an unknown sender: no sender context`);
  if (unknownLabels > 0) notes.push(`${unknownLabels} turn(s) with a label outside STC3's seven`);

  const summaries = { zh: ours.zh.summary(), en: ours.en.summary() };
  const baselineSummaries = { zh: base.zh.summary(), en: base.en.summary() };
  const result: Result & Record<string, unknown> = {
    file,
    model: classifier.version,
    modelStale: classifier.stale,
    roles: { zh: summaries.zh.accuracy, en: summaries.en.accuracy },
    rolesBalanced: { zh: summaries.zh.balancedAccuracy, en: summaries.en.balancedAccuracy },
    n: {
      lines,
      blank,
      evaluatedRows: rows.zh + rows.en,
      skippedRows: skippedTotal,
      badRows: bad,
      zh: {
        rows: rows.zh,
        turns: ours.zh.turns,
        CNUG0: ours.zh.symptomGold,
        'HNUG*': ours.zh.solutionGold,
      },
      en: {
        rows: rows.en,
        turns: ours.en.turns,
        CNUG0: ours.en.symptomGold,
        'HNUG*': ours.en.solutionGold,
      },
    },
    scoring:
      'accuracy = share of CNUG0 turns labelled symptom and HNUG* turns labelled solution (pooled); ' +
      'precision strict = gold CNUG0/HNUG*, lenient = also CNUG/HNUG; other labels only shown',
    classifier: summaries,
    baseline: baselineSummaries,
    skipped: Object.fromEntries(skipped),
    badRows,
    notes,
  };

  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  printTable(result);
}

interface Counts {
  rows: number;
  turns: number;
  CNUG0: number;
  'HNUG*': number;
}

interface Result {
  file: string;
  model: string;
  modelStale: string | null;
  n: {
    lines: number;
    blank: number;
    evaluatedRows: number;
    skippedRows: number;
    badRows: number;
    zh: Counts;
    en: Counts;
  };
  classifier: Record<TextLanguage, Summary>;
  baseline: Record<TextLanguage, Summary>;
  badRows: BadRow[];
  notes: string[];
}

function printTable(result: Result): void {
  const f = (v: number | null): string => (v === null ? '-' : v.toFixed(3)).padStart(8);
  const pair = (p: { strict: number | null; lenient: number | null }): string =>
    `${f(p.strict)}/${f(p.lenient).trim()}`.padEnd(18);
  const { n } = result;
  console.log(
    `eval:extract ${result.file}  model ${result.model}${result.modelStale ? ' (STALE)' : ''}`,
  );
  console.log(
    `rows: ${n.evaluatedRows} evaluated, ${n.skippedRows} skipped (no labels), ${n.badRows} bad`,
  );
  console.log(
    '\nsystem      lang  turns  CNUG0  HNUG*  accuracy balanced  rec:sym  rec:sol' +
      '  P:sym(strict/len)  P:sol(strict/len)  pick:sym pick:sol',
  );
  for (const [name, table] of [
    ['classifier', result.classifier],
    ['baseline', result.baseline],
  ] as const) {
    for (const lang of LANGS) {
      const s = table[lang];
      const counts = n[lang];
      console.log(
        [
          name.padEnd(11),
          lang.padEnd(4),
          String(s.turns).padStart(6),
          String(counts.CNUG0).padStart(6),
          String(counts['HNUG*']).padStart(6),
          f(s.accuracy),
          f(s.balancedAccuracy),
          f(s.recall.symptom),
          f(s.recall.solution),
          pair(s.precision.symptom),
          pair(s.precision.solution),
          f(s.pick.symptom),
          f(s.pick.solution),
        ].join(' '),
      );
    }
  }
  console.log(
    '\naccuracy: share of CNUG0 turns labelled symptom + HNUG* turns labelled solution (pooled);' +
      ' balanced: mean of rec:sym and rec:sol;\nP: precision of our symptom/solution labels, strict' +
      ' = gold CNUG0/HNUG*, lenient = also CNUG/HNUG; pick: the top-scoring turn of a dialogue' +
      ' is a CNUG0/HNUG* turn;\nbaseline: first customer turn = symptom, last helpdesk turn =' +
      ' solution.',
  );
  for (const lang of LANGS) {
    const confusion = result.classifier[lang].confusion;
    if (Object.keys(confusion).length === 0) continue;
    console.log(`\npredicted role by gold label (${lang}, classifier)`);
    console.log(`gold     ${ROLES.map((r) => r.padStart(9)).join('')}`);
    for (const [label, row] of Object.entries(confusion)) {
      console.log(`${label.padEnd(8)} ${ROLES.map((r) => String(row[r]).padStart(9)).join('')}`);
    }
  }
  if (result.badRows.length > 0) {
    console.log('\nbad rows:');
    for (const b of result.badRows) {
      console.log(`  line ${b.line}${b.id ? ` (${b.id})` : ''}: ${b.reason}`);
    }
  }
  if (result.notes.length > 0) {
    console.log(`\nnotes:\n${result.notes.map((x) => `  - ${x}`).join('\n')}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
