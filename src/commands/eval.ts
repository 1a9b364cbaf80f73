import path from 'node:path';
import type { Config } from '../config.js';
import { BadInputError } from '../errors.js';
import { readTickets } from '../extract/read/index.js';
import type { ReadItem } from '../extract/read/ticket.js';
import { openEvalEnv } from '../eval/env.js';
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

async function* readAll(
  files: readonly string[],
): AsyncGenerator<{ source: string; item: ReadItem }> {
  for (const file of files)
    for await (const item of readTickets(file)) yield { source: file, item };
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
    const r = await evalRepeat(readAll(files), { ...env, onProgress: progress(json) });
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
  for await (const item of readTickets(file)) {
    if (item.kind === 'bad') skipped.push(`${file}:${item.line}: skipped: ${item.reason}`);
    else if (!questionOf(item.ticket))
      skipped.push(`${file}:${item.line}: skipped: nothing to ask or learn from`);
    else rows.push({ source: file, line: item.line, order: order++, ticket: item.ticket });
  }
  const r = await evalReplay(rows, () => openEvalEnv(config), progress(json));
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
  out(
    `${path.basename(file)}: ${rows.length - r.arrivals} tickets in the starting archive, ${r.arrivals} arrivals, ${r.repeats} repeats\n`,
  );
  out(`repeat-inquiry rate (repeats not deflected / arrivals):\n`);
  out(
    `  no graph          ${pct(r.rate.none)}\n  static graph      ${pct(r.rate.static)}\n  auto-updating     ${pct(r.rate.auto)}\n`,
  );
  out(`reduction of the auto-updating graph vs no graph: ${pct(r.reduction)}\n`);
}
