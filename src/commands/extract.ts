import fs from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { App } from '../app.js';
import { BadInputError } from '../errors.js';
import { revertChangeset, type ImportProgress, type ImportSummary } from '../extract/job.js';
import { parseFieldMap, readTickets, type SourceEncoding } from '../extract/read/index.js';
import type { ChangesetRecord } from '../graph/store.js';

type Out = (s: string) => void;

export interface ImportCliOptions {
  map?: string;
  format?: 'jsonl' | 'csv' | 'auto';
  encoding?: SourceEncoding;
  deadLetter?: string;
  batch?: string;
  maxBad?: string;
  progress?: string;
}

/** `kg import <archive>`: the batch import, with a progress bar on a terminal. */
export async function importArchive(
  app: App,
  file: string,
  opts: ImportCliOptions,
  out: Out,
): Promise<ImportSummary> {
  if (!fs.existsSync(file)) throw new BadInputError(`${file}: no such file`);
  const total = approxRecords(file);
  const style = opts.progress ?? (process.stderr.isTTY ? 'bar' : 'lines');
  if (!['bar', 'lines', 'json'].includes(style))
    throw new BadInputError(`--progress must be bar, lines or json, got "${style}"`);
  const bar =
    style === 'bar'
      ? new SingleBar(
          {
            format:
              'importing [{bar}] {percentage}% | {value}/{total} lines | {rate} tickets/s | ETA {eta_formatted}',
            hideCursor: true,
          },
          Presets.shades_classic,
        )
      : null;
  const started = Date.now();
  bar?.start(total, 0, { rate: '0' });
  let lastPlain = 0;
  const onProgress = (p: ImportProgress) => {
    const rate = ((p.read / Math.max(1, Date.now() - started)) * 1000).toFixed(0);
    if (bar) bar.update(p.line, { rate });
    // One line per batch, once it is committed (or found to have nothing new): lines up to `line` are done.
    else if (style === 'json') process.stderr.write(JSON.stringify({ committed: p }) + '\n');
    else if (Date.now() - lastPlain > 2000) {
      lastPlain = Date.now();
      process.stderr.write(
        `importing ${path.basename(file)}: line ${p.line}/${total}, ${p.read} read, ${p.imported} imported, ${p.merged} merged, ${p.skipped} skipped, ${p.quarantined} quarantined, ${rate}/s\n`,
      );
    }
  };
  const deadLetter = opts.deadLetter ?? `${file}.rejected.jsonl`;
  const summary = await app.services.job.run(
    readTickets(file, {
      format: opts.format ?? 'auto',
      encoding: opts.encoding ?? 'auto',
      fieldMap: opts.map ? parseFieldMap(opts.map) : undefined,
    }),
    {
      source: path.resolve(file),
      batchSize: opts.batch ? Number(opts.batch) : undefined,
      maxBadShare: opts.maxBad ? Number(opts.maxBad) : app.config.import.maxBadShare,
      deadLetterFile: deadLetter,
      onProgress,
    },
  );
  bar?.update(total);
  bar?.stop();
  if (summary.quarantined === 0 && fs.existsSync(deadLetter) && fs.statSync(deadLetter).size === 0)
    fs.rmSync(deadLetter);
  out(formatSummary(summary));
  return summary;
}

export function formatSummary(s: ImportSummary): string {
  const lines = [
    `${s.source}: read ${s.read} = ${s.imported} imported + ${s.merged} merged + ${s.skipped} skipped + ${s.quarantined} quarantined (${s.seconds.toFixed(1)} s, ${(s.read / Math.max(s.seconds, 0.001)).toFixed(0)} records/s)`,
  ];
  for (const [reason, n] of Object.entries(s.skipReasons)) lines.push(`  skipped ${n}: ${reason}`);
  if (s.quarantined > 0 && s.deadLetterFile)
    lines.push(`  quarantined records (line and reason): ${s.deadLetterFile}`);
  if (s.changesets.length > 0)
    lines.push(
      `  run ${s.run}: ${s.changesets.length} changeset(s); undo with: kg changeset revert <id>`,
    );
  if (s.failure) lines.push(`  FAILED: ${s.failure}`);
  return lines.join('\n') + '\n';
}

/** Rough record count for the progress bar: physical lines (minus a CSV header). */
function approxRecords(file: string): number {
  const size = fs.statSync(file).size;
  if (size > 200 * 2 ** 20) return Math.max(1, Math.round(size / 400));
  let n = 0;
  const buf = fs.readFileSync(file);
  for (const b of buf) if (b === 10) n++;
  if (buf.length > 0 && buf[buf.length - 1] !== 10) n++;
  return Math.max(1, file.endsWith('.csv') ? n - 1 : n);
}

export function formatChangesets(list: readonly ChangesetRecord[]): string {
  if (list.length === 0) return 'no changesets\n';
  return (
    list
      .map(
        (c) =>
          `${c.id}  ${c.state.padEnd(8)} ${c.createdAt}  ${c.source}  ${Object.entries(c.summary)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
      )
      .join('\n') + '\n'
  );
}

export function formatChangeset(c: ChangesetRecord): string {
  const lines = [
    `${c.id} (${c.state}) run ${c.run}, ${c.createdAt}, source ${c.source}`,
    `  summary: ${Object.entries(c.summary)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
    `  created ${c.created.length}: ${c.created
      .slice(0, 20)
      .map((r) => `${r.type}:${r.id}`)
      .join(', ')}${c.created.length > 20 ? ' …' : ''}`,
    `  linked ${c.linked.length}, changed ${c.changed.length}: ${c.changed
      .slice(0, 10)
      .map((x) => `${x.ref.type}:${x.ref.id}`)
      .join(', ')}`,
  ];
  return lines.join('\n') + '\n';
}

export async function revert(app: App, id: string, out: Out): Promise<void> {
  const c = await revertChangeset(app.store, app.services.answers, id);
  out(
    `reverted ${c.id}: deleted ${c.created.length} node(s), removed its links, restored ${c.changed.length} node(s)\n`,
  );
}

/**
 * `kg extract --watch <dir>`: imports every `*.jsonl` / `*.csv` in the directory, then keeps
 * watching: new files and lines appended to known files are imported as they arrive (checked on
 * every change event and at least every `intervalMs`). Each file resumes after its checkpoint, so
 * only new lines are extracted. Runs until stopped (SIGINT).
 */
export async function watchDir(
  app: App,
  dir: string,
  out: Out,
  intervalMs = 300,
  signal?: AbortSignal,
): Promise<void> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new BadInputError(`${dir}: not a directory`);
  const sizes = new Map<string, number>();
  let running = false;
  let again = false;
  const scan = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        for (const name of fs.readdirSync(dir).sort()) {
          if (!/\.(jsonl|ndjson|csv)$/.test(name)) continue;
          const file = path.join(dir, name);
          const size = fs.statSync(file).size;
          if (sizes.get(file) === size) continue;
          sizes.set(file, size);
          const s = await app.services.job.run(readTickets(file), {
            source: path.resolve(file),
            deadLetterFile: `${file}.rejected.jsonl`,
            maxBadShare: app.config.import.maxBadShare,
          });
          if (s.imported + s.merged + s.quarantined > 0) {
            out(
              `${new Date().toISOString()} ${name}: ${s.imported} imported, ${s.merged} merged, ${s.quarantined} quarantined\n`,
            );
          }
        }
      } while (again);
    } finally {
      running = false;
    }
  };
  await scan();
  out(`watching ${dir} for new tickets (Ctrl-C to stop)\n`);
  const watcher = fs.watch(
    dir,
    () => void scan().catch((e: unknown) => out(`watch: ${(e as Error).message}\n`)),
  );
  const timer = setInterval(
    () => void scan().catch((e: unknown) => out(`watch: ${(e as Error).message}\n`)),
    intervalMs,
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      watcher.close();
      clearInterval(timer);
      resolve();
    };
    if (signal) signal.addEventListener('abort', stop);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
