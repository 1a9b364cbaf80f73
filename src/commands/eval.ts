import path from 'node:path';
import type { Config } from '../config.js';
import { BadInputError } from '../errors.js';
import { readTickets } from '../extract/read/index.js';
import type { ReadItem } from '../extract/read/ticket.js';
import { SentenceClassifier } from '../extract/classify/classifier.js';
import { ROLES } from '../extract/classify/cues.js';
import { maskPii } from '../extract/pii.js';
import { openEvalEnv, type EvalEnv } from '../eval/env.js';
import { evalExtract, LANGS, type RoleSummary } from '../eval/extract.js';
import { evalReplay } from '../eval/replay.js';
import { evalRepeat, questionOf, type Metrics, type SplitInput } from '../eval/repeat.js';

type Out = (s: string) => void;

function progress(json: boolean) {
  let last = 0;
  return (phase: string, done: number, total: number) => {
    if (Date.now() - last < 2000 && done !== total) return;
    last = Date.now();
    process.stderr.write(`  ${phase}: ${done}/${total}\n`);
    void json;
  };
}

/**
 * Rows kept with a field set to null (an unparseable date, an unknown language…): the reader
 * explains each in `meta.warnings`; the evals say so, since such a row may land in another
 * place of the protocol (a null `created_at` sorts last in its cluster).
 */
class RowWarnings {
  readonly lines: string[] = [];
  note(file: string, item: ReadItem): void {
    if (item.kind !== 'ticket') return;
    const w = item.ticket.meta.warnings;
    for (const text of Array.isArray(w) ? w : w === undefined ? [] : [w])
      this.lines.push(`${file}:${item.line}: warning: ${String(text)}`);
  }
  /** The first 20 (to stdout, or stderr under --json so the JSON stays one object), then a count. */
  print(json: boolean, out: Out): void {
    const write = json ? (s: string) => process.stderr.write(s) : out;
    for (const l of this.lines.slice(0, 20)) write(`${l}\n`);
    if (this.lines.length > 20) write(`… and ${this.lines.length - 20} more warnings\n`);
  }
}

/**
 * Fields `kg eval extract` does not need (it scores turns, and solutions against gold answers): a
 * malformed value there leaves the row usable, with a warning, instead of unusable.
 */
const EXTRACT_LENIENT = [
  'created_at',
  'resolved_at',
  'customer_id',
  'product',
  'cause',
  'status',
  'duplicate_of',
] as const;

/** The items of a file, each noted for its warnings as it passes. */
async function* noted(
  file: string,
  items: AsyncIterable<ReadItem>,
  warnings: RowWarnings,
): AsyncGenerator<ReadItem> {
  for await (const item of items) {
    warnings.note(file, item);
    yield item;
  }
}

async function* readAll(
  files: readonly string[],
  warnings: RowWarnings,
): AsyncGenerator<{ source: string; item: ReadItem }> {
  for (const file of files)
    for await (const item of noted(file, readTickets(file), warnings)) yield { source: file, item };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');

export async function evalRepeatCommand(
  config: Config,
  files: string[],
  json: boolean,
  out: Out,
): Promise<void> {
  if (files.length === 0) throw new BadInputError('give at least one JSONL file');
  const env = await openEvalEnv(config);
  try {
    const warnings = new RowWarnings();
    const r = await evalRepeat(readAll(files, warnings), { ...env, onProgress: progress(json) });
    warnings.print(json, out);
    if (json) {
      out(
        JSON.stringify({
          queries: r.queries,
          graph: r.graph,
          baseline: r.baseline,
          archive: r.archive,
          clusters: r.clusters,
          unusable: r.unusable.length,
        }) + '\n',
      );
      return;
    }
    for (const u of r.unusable.slice(0, 20)) out(`${u.source}:${u.line}: skipped: ${u.reason}\n`);
    if (r.unusable.length > 20) out(`… and ${r.unusable.length - 20} more rows skipped\n`);
    out(
      `${files.map((f) => path.basename(f)).join(', ')}: ${r.archive} tickets imported, ${r.clusters} clusters, ${r.queries} repeat inquiries asked\n`,
    );
    const row = (name: string, m: Metrics) =>
      `${name.padEnd(22)} ${pct(m.hit1).padStart(8)} ${pct(m.hit3).padStart(8)} ${m.mrr10.toFixed(4).padStart(8)}\n`;
    out(`${''.padEnd(22)} ${'hit@1'.padStart(8)} ${'hit@3'.padStart(8)} ${'MRR@10'.padStart(8)}\n`);
    out(row('graph', r.graph));
    out(row('BM25 nearest ticket', r.baseline));
    out(
      `${'graph / baseline'.padEnd(22)} ${ratio(r.graph.hit1, r.baseline.hit1).padStart(8)} ${ratio(r.graph.hit3, r.baseline.hit3).padStart(8)} ${ratio(r.graph.mrr10, r.baseline.mrr10).padStart(8)}\n`,
    );
  } finally {
    await env.close();
  }
}

export async function evalReplayCommand(
  config: Config,
  file: string,
  json: boolean,
  out: Out,
): Promise<void> {
  const rows: SplitInput[] = [];
  let order = 0;
  const skipped: string[] = [];
  const warnings = new RowWarnings();
  for await (const item of noted(file, readTickets(file), warnings)) {
    if (item.kind === 'bad') skipped.push(`${file}:${item.line}: skipped: ${item.reason}`);
    else if (!questionOf(item.ticket))
      skipped.push(`${file}:${item.line}: skipped: nothing to ask or learn from`);
    else rows.push({ source: file, line: item.line, order: order++, ticket: item.ticket });
  }
  const r = await evalReplay(rows, () => openEvalEnv(config), progress(json));
  warnings.print(json, out);
  if (json) {
    out(
      JSON.stringify({
        arrivals: r.arrivals,
        repeats: r.repeats,
        rate: r.rate,
        reduction: r.reduction,
      }) + '\n',
    );
    return;
  }
  for (const s of skipped.slice(0, 20)) out(`${s}\n`);
  if (skipped.length > 20) out(`… and ${skipped.length - 20} more rows skipped\n`);
  out(
    `${path.basename(file)}: ${rows.length - r.arrivals} tickets in the starting archive, ${r.arrivals} arrivals, ${r.repeats} repeats\n`,
  );
  out(`repeat-inquiry rate (repeats not deflected / arrivals):\n`);
  out(
    `  no graph          ${pct(r.rate.none)}\n  static graph      ${pct(r.rate.static)}\n  auto-updating     ${pct(r.rate.auto)}\n`,
  );
  out(`reduction of the auto-updating graph vs no graph: ${pct(r.reduction)}\n`);
}

/**
 * `kg eval extract`: turn roles and solution F1 (see `src/eval/extract.ts`). The evaluation store
 * (ontology concepts for the extraction stages) is opened only when a row has gold answers.
 * Fails (BadInputError) when the file cannot be read or no record of it could be used.
 */
export async function evalExtractCommand(
  config: Config,
  file: string,
  json: boolean,
  out: Out,
): Promise<void> {
  const classifier = SentenceClassifier.load();
  let env: EvalEnv | null = null;
  try {
    const warnings = new RowWarnings();
    const r = await evalExtract(
      noted(file, readTickets(file, { lenient: EXTRACT_LENIENT }), warnings),
      {
        classifier,
        stages: async () => {
          env = await openEvalEnv(config);
          return {
            catalog: env.answers.concepts,
            tokenizer: env.tokenizer,
            classifier,
            mask: (t: string) => maskPii(t).text,
          };
        },
      },
    );
    const name = path.basename(file);
    if (r.records === 0) throw new BadInputError(`${file} holds no record`);
    if (r.unusableCount === r.records) {
      for (const u of r.unusable.slice(0, 20))
        process.stderr.write(`${file}:${u.line}: unusable: ${u.reason}\n`);
      throw new BadInputError(
        `no record of ${file} could be used (${r.unusableCount} unusable, first reasons above)`,
      );
    }
    warnings.print(json, out);
    if (json) {
      out(JSON.stringify({ roles: r.roles, solution_f1: r.solutionF1, n: r.n }) + '\n');
      return;
    }
    for (const u of r.unusable.slice(0, 20))
      out(`${file}:${u.line}${u.id ? ` (${u.id})` : ''}: unusable: ${u.reason}\n`);
    if (r.unusableCount > 20) out(`… and ${r.unusableCount - 20} more unusable rows\n`);
    out(
      `${name}: ${r.records} records, ${r.n} scored, ${r.skipped} skipped (no turn labels or gold answers), ${r.unusableCount} unusable; model ${classifier.version}${classifier.stale ? ' (STALE)' : ''}\n`,
    );
    if (r.langDetected > 0) out(`${r.langDetected} scored rows without lang zh/en: detected\n`);
    if (r.unknownLabels > 0) out(`${r.unknownLabels} turns with a label outside STC3's seven\n`);
    const f = (v: number | null) => (v === null ? '–' : v.toFixed(3));
    const scored = LANGS.filter((l) => r.classifier[l].rows > 0);
    if (scored.length === 0) out('\nturn roles: no row with meta.turn_nugget_majority\n');
    else {
      out('\nturn roles (CNUG0 → symptom, HNUG* → solution)\n');
      const head = ['', ...scored];
      const lines: [string, (s: RoleSummary, b: RoleSummary) => string][] = [
        ['dialogues / turns', (s) => `${s.rows} / ${s.turns}`],
        ['gold CNUG0 / HNUG*', (s) => `${s.gold.symptom} / ${s.gold.solution}`],
        ['accuracy (pooled)', (s) => f(s.accuracy)],
        ['balanced (mean recall)', (s) => f(s.balancedAccuracy)],
        ['recall problem / solution', (s) => `${f(s.recall.symptom)} / ${f(s.recall.solution)}`],
        [
          'precision problem strict/lenient',
          (s) => `${f(s.precision.symptom.strict)} / ${f(s.precision.symptom.lenient)}`,
        ],
        [
          'precision solution strict/lenient',
          (s) => `${f(s.precision.solution.strict)} / ${f(s.precision.solution.lenient)}`,
        ],
        [
          'top turn is gold: problem / solution',
          (s) => `${f(s.pick.symptom)} / ${f(s.pick.solution)}`,
        ],
        ['baseline accuracy / balanced', (_s, b) => `${f(b.accuracy)} / ${f(b.balancedAccuracy)}`],
        [
          'baseline recall problem / solution',
          (_s, b) => `${f(b.recall.symptom)} / ${f(b.recall.solution)}`,
        ],
      ];
      out(
        `${head[0]!.padEnd(38)}${head
          .slice(1)
          .map((h) => h.padStart(16))
          .join('')}\n`,
      );
      for (const [label, cell] of lines)
        out(
          `${label.padEnd(38)}${scored.map((l) => cell(r.classifier[l], r.baseline[l]).padStart(16)).join('')}\n`,
        );
      out('baseline: first customer turn = problem, last helpdesk turn = solution\n');
      for (const l of scored) {
        out(
          `\npredicted role by gold label (${l})\n${'gold'.padEnd(8)}${ROLES.map((x) => x.padStart(10)).join('')}\n`,
        );
        for (const [label, row] of Object.entries(r.classifier[l].confusion))
          out(`${label.padEnd(8)}${ROLES.map((x) => String(row[x]).padStart(10)).join('')}\n`);
      }
    }
    if (r.f1.all.rows === 0) out('\nsolution F1: no row with meta.gold_short_answers\n');
    else {
      out('\nsolution token F1 (best gold answer, mean over rows)\n');
      out(
        `${''.padEnd(10)}${'rows'.padStart(8)}${'F1'.padStart(8)}${'title F1'.padStart(10)}${'no solution'.padStart(13)}\n`,
      );
      for (const l of [...LANGS, 'all'] as const) {
        const s = r.f1[l];
        if (s.rows === 0) continue;
        out(
          `${l.padEnd(10)}${String(s.rows).padStart(8)}${f(s.f1).padStart(8)}${f(s.titleF1).padStart(10)}${String(s.noSolution).padStart(13)}\n`,
        );
      }
    }
  } finally {
    await (env as EvalEnv | null)?.close();
  }
}
