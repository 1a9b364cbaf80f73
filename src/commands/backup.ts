import { SingleBar, Presets } from 'cli-progress';
import { exportSnapshot, resolveOut, type ExportFormat } from '../backup/export.js';
import { restoreSnapshot, type RestoreProgress } from '../backup/restore.js';
import type { Config } from '../config.js';
import { BadInputError } from '../errors.js';
import { loadValidOntology } from '../graph/bootstrap.js';
import { openStore } from '../graph/open-store.js';
import { schemaFromOntology, type GraphSchema } from '../graph/schema.js';
import type { GraphStore } from '../graph/store.js';

type Out = (s: string) => void;

/**
 * Opens only the store (migrated, never bootstrapped: a restore needs it empty, and neither
 * command needs the answer index) for one backup command, and closes it whatever happens.
 */
async function withStore<T>(
  config: Config,
  work: (store: GraphStore, schema: GraphSchema, ontologyVersion: string) => Promise<T>,
): Promise<T> {
  const ontology = await loadValidOntology(config.ontologyDir);
  const schema = schemaFromOntology(ontology);
  const store = await openStore(config, schema);
  try {
    return await work(store, schema, ontology.version);
  } finally {
    await store.close();
  }
}

/**
 * A progress bar with rate and ETA on a terminal (as `kg import` shows), plain lines on stderr
 * every two seconds otherwise.
 */
function progressReporter(what: string) {
  const tty = process.stderr.isTTY;
  let bar: SingleBar | null = null;
  let phase = '';
  let lastPlain = 0;
  let lastLine = '';
  const started = Date.now();
  return {
    update(p: { phase: string; done: number; total: number }) {
      const rate = ((p.done / Math.max(1, Date.now() - started)) * 1000).toFixed(0);
      if (tty) {
        if (p.phase !== phase) {
          bar?.stop();
          phase = p.phase;
          bar = new SingleBar(
            {
              format: `${what} ${p.phase} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
              hideCursor: true,
              stream: process.stderr,
            },
            Presets.shades_classic,
          );
          bar.start(Math.max(p.total, p.done, 1), 0, { rate });
        }
        if (p.total > 0) bar?.setTotal(p.total);
        bar?.update(p.done, { rate });
      } else if (Date.now() - lastPlain > 2000 || (p.total > 0 && p.done === p.total)) {
        const line = `${what} ${p.phase}: ${p.done}${p.total > 0 ? `/${p.total}` : ''}`;
        if (line === lastLine) return;
        lastPlain = Date.now();
        lastLine = line;
        process.stderr.write(`${line}, ${rate}/s\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

export interface ExportCliOptions {
  out?: string;
  format?: string;
}

/** `kg export [--out dir|file|-] [--format jsonl|graphml]`. */
export async function exportCommand(config: Config, opts: ExportCliOptions, out: Out) {
  const format = (opts.format ?? 'jsonl') as ExportFormat;
  if (format !== 'jsonl' && format !== 'graphml')
    throw new BadInputError(`--format must be jsonl or graphml, not '${opts.format}'`);
  const file = resolveOut(opts.out, format, new Date());
  const progress = progressReporter('export');
  await withStore(config, async (store, schema) => {
    const started = Date.now();
    try {
      const r = await exportSnapshot(store, schema, file, {
        format,
        onProgress: (p) => progress.update({ phase: format, ...p }),
      });
      progress.stop();
      const seconds = (Date.now() - started) / 1000;
      const summary =
        `exported ${r.nodes} nodes and ${r.edges} edges (ontology ${r.header.ontologyVersion ?? 'none'}) ` +
        `as ${format} to ${file === '-' ? 'stdout' : file}: ${(r.bytes / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(1)} s\n`;
      // With the snapshot on stdout, the summary must not mix into it.
      if (file === '-') process.stderr.write(summary);
      else out(summary);
    } finally {
      progress.stop();
    }
  });
}

/** `kg import --snapshot <file> [--force]`. */
export async function restoreCommand(
  config: Config,
  file: string,
  opts: { force?: boolean },
  out: Out,
) {
  const progress = progressReporter('restore');
  await withStore(config, async (store, schema, filesVersion) => {
    const started = Date.now();
    try {
      const r = await restoreSnapshot(store, schema, file, {
        force: opts.force ?? false,
        onProgress: (p: RestoreProgress) => progress.update(p),
      });
      progress.stop();
      const seconds = (Date.now() - started) / 1000;
      const lines = [
        `restored ${r.nodes} nodes and ${r.edges} edges from ${file} (taken ${r.header.createdAt}) in ${seconds.toFixed(1)} s` +
          (r.cleared > 0 ? `; ${r.cleared} nodes deleted first (--force)` : ''),
      ];
      if (r.header.ontologyVersion !== filesVersion) {
        lines.push(
          `note: the snapshot's ontology version ${r.header.ontologyVersion ?? 'none'} differs from the files' (${filesVersion}); see kg ontology plan`,
        );
      }
      out(lines.join('\n') + '\n');
    } finally {
      progress.stop();
    }
  });
}
