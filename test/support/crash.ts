import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { GrafeoRunner } from '../../src/graph/cypher/grafeo-runner.js';
import { loadOntology } from '../../src/graph/ontology/load.js';
import { schemaFromOntology } from '../../src/graph/schema.js';
import type { ImportProgress, ImportSummary } from '../../src/extract/job.js';
import { rng } from '../../bench/lib.js';
import { auditGraph, type GraphAudit } from './graph-audit.js';
import { ROOT } from './cli.js';

/**
 * Crash safety of `kg import`, as a user would meet it: the importer is a child process on a
 * persisted embedded store, killed with SIGKILL after a chosen number of committed batches and run
 * again until it completes; the graph it leaves is compared with a clean run's of the same archive
 * into a fresh store. Used by test/crash.e2e.test.ts (small) and bench/crash.ts (100k tickets).
 */

const KG = path.join(ROOT, 'bin', 'kg.js');

/** One `kg import` process: how it ended, and what it said. */
export interface ImportProcess {
  /** Exit code, or null when killed. */
  code: number | null;
  killed: boolean;
  /** The last batch it reported committed (`--progress json`), if any. */
  lastCommitted: ImportProgress | null;
  /** Batches it reported committed. */
  batches: number;
  /** The summary (`--json`) of a run that completed. */
  summary: ImportSummary | null;
  stderr: string;
  seconds: number;
}

export interface ImportRunOptions {
  archive: string;
  dataDir: string;
  batch: number;
  /** Kill the process (SIGKILL) once it reports a committed batch ending at or after this line. */
  killAtLine?: number;
  /** Wait this long after that report before killing, so the kill lands mid-batch. @default 0 */
  killDelayMs?: number;
  /** Extra environment (KG_IMPORT_MAX_BAD_SHARE…). */
  env?: Record<string, string>;
  /** Kills the process when aborted (a trial that failed elsewhere leaves no process behind). */
  signal?: AbortSignal;
}

/** Runs `kg import` in a child process, killing it with SIGKILL at the chosen point. */
export function runImport(o: ImportRunOptions): Promise<ImportProcess> {
  const started = Date.now();
  // eslint-disable-next-line no-restricted-properties -- the child's environment
  const base = { ...process.env };
  for (const k of Object.keys(base))
    if (k.startsWith('NEO4J_') || k.startsWith('KG_')) delete base[k];
  const child = spawn(
    process.execPath,
    [KG, 'import', o.archive, '--json', '--progress', 'json', '--batch', String(o.batch)],
    {
      cwd: ROOT,
      env: {
        ...base,
        LOG_LEVEL: 'warn',
        KG_DATA_DIR: o.dataDir,
        KG_SEED: 'off',
        ...o.env,
      },
    },
  );
  o.signal?.addEventListener('abort', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let pending = '';
    let lastCommitted: ImportProgress | null = null;
    let batches = 0;
    let killing = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      stderr += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{"committed"')) continue;
        lastCommitted = (JSON.parse(line) as { committed: ImportProgress }).committed;
        batches++;
        if (!killing && o.killAtLine !== undefined && lastCommitted.line >= o.killAtLine) {
          killing = true;
          setTimeout(() => child.kill('SIGKILL'), o.killDelayMs ?? 0);
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let summary: ImportSummary | null = null;
      if (code !== null && stdout.trim() !== '') {
        try {
          summary = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ImportSummary;
        } catch {
          summary = null;
        }
      }
      resolve({
        code,
        killed: signal === 'SIGKILL',
        lastCommitted,
        batches,
        summary,
        stderr,
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

/** Audits the persisted store in `dataDir` (no process may hold it). */
export async function auditStore(dataDir: string): Promise<GraphAudit> {
  const ontology = (await loadOntology(path.join(ROOT, 'ontology'))).ontology;
  if (!ontology) throw new Error('the shipped ontology does not validate');
  const runner = new GrafeoRunner({ dir: dataDir });
  try {
    return await auditGraph(runner, schemaFromOntology(ontology));
  } finally {
    await runner.close();
  }
}

/** Unique line numbers in a dead-letter file, and how many entries it has. */
export function deadLetterLines(file: string): { lines: number[]; entries: number } {
  if (!fs.existsSync(file)) return { lines: [], entries: 0 };
  const entries = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { line: number }).line);
  return { lines: [...new Set(entries)].sort((a, b) => a - b), entries: entries.length };
}

/**
 * `count` distinct kill lines in (0, lines), sorted, from `seed`, with a delay each (0-400 ms):
 * the same seed gives the same kill points.
 */
export function killPoints(
  seed: number,
  lines: number,
  count: number,
): { line: number; delayMs: number }[] {
  const rand = rng(seed);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, lines - 1)) chosen.add(1 + Math.floor(rand() * (lines - 1)));
  return [...chosen]
    .sort((a, b) => a - b)
    .map((line) => ({ line, delayMs: Math.floor(rand() * 400) }));
}

export interface CrashReport {
  seed: number;
  clean: { run: ImportProcess; audit: GraphAudit; dead: { lines: number[]; entries: number } };
  crashed: {
    runs: ImportProcess[];
    audit: GraphAudit;
    dead: { lines: number[]; entries: number };
  };
  /** Each check, with whether it held. */
  checks: { name: string; ok: boolean; detail: string }[];
  ok: boolean;
}

/** Instance-tier counts compared by the verdict. */
const KNOWLEDGE = ['Fault', 'Cause', 'Solution', 'Case', 'Product', 'Component'];

/**
 * Imports `archive` cleanly into `<work>/clean`, and into `<work>/crashed` with a SIGKILL at each
 * kill point (then once more to completion); compares the two graphs and reconciles every record.
 * `records` is the number of non-blank lines of the archive.
 */
export async function crashTrial(o: {
  archive: string;
  records: number;
  work: string;
  seed: number;
  kills: number;
  batch: number;
  /**
   * Kill points are drawn from the first `killWithin` share of the records (default 1). A small
   * archive on a fast machine may finish within the kill delay when a point falls near its end.
   */
  killWithin?: number;
  log?: (s: string) => void;
}): Promise<CrashReport> {
  const log = o.log ?? (() => undefined);
  const cleanDir = path.join(o.work, 'clean');
  const crashDir = path.join(o.work, 'crashed');
  // Each store gets its own copy of the archive, so each has its own dead-letter file.
  const cleanArchive = path.join(o.work, `clean-${path.basename(o.archive)}`);
  const crashArchive = path.join(o.work, `crashed-${path.basename(o.archive)}`);
  fs.copyFileSync(o.archive, cleanArchive);
  fs.copyFileSync(o.archive, crashArchive);

  // The clean run goes alongside the crashed ones (its own store and process).
  log(`clean run: ${o.records} records into a fresh store, alongside the crashed runs`);
  const stop = new AbortController();
  const cleanDone = runImport({
    archive: cleanArchive,
    dataDir: cleanDir,
    batch: o.batch,
    signal: stop.signal,
  });
  const runs: ImportProcess[] = [];
  try {
    const span = Math.max(2, Math.floor(o.records * (o.killWithin ?? 1)));
    for (const point of killPoints(o.seed, span, o.kills)) {
      const r = await runImport({
        archive: crashArchive,
        dataDir: crashDir,
        batch: o.batch,
        killAtLine: point.line,
        killDelayMs: point.delayMs,
      });
      runs.push(r);
      log(
        `kill point line ${point.line} (+${point.delayMs} ms): ${r.killed ? 'killed' : `exited ${r.code}`} after ${r.batches} batch(es) of this run, last committed line ${r.lastCommitted?.line ?? '-'}, ${r.seconds.toFixed(1)} s`,
      );
      if (!r.killed && r.code !== 0)
        throw new Error(`the importer failed instead of being killed:\n${r.stderr}`);
    }
    const last = await runImport({ archive: crashArchive, dataDir: crashDir, batch: o.batch });
    runs.push(last);
    log(`final run: exit ${last.code} in ${last.seconds.toFixed(1)} s`);
    if (last.code !== 0 || !last.summary)
      throw new Error(`the run after the crashes failed (exit ${last.code}):\n${last.stderr}`);
  } catch (e) {
    stop.abort();
    await cleanDone.catch(() => undefined);
    throw e;
  }
  const cleanRun = await cleanDone;
  log(`clean run: exit ${cleanRun.code} in ${cleanRun.seconds.toFixed(1)} s`);
  if (cleanRun.code !== 0 || !cleanRun.summary)
    throw new Error(`the clean run failed (exit ${cleanRun.code}):\n${cleanRun.stderr}`);

  const clean = {
    run: cleanRun,
    audit: await auditStore(cleanDir),
    dead: deadLetterLines(`${cleanArchive}.rejected.jsonl`),
  };
  const crashed = {
    runs,
    audit: await auditStore(crashDir),
    dead: deadLetterLines(`${crashArchive}.rejected.jsonl`),
  };
  const s = cleanRun.summary;
  const contentSkips = s.skipped; // a fresh store: every skip is a ticket with nothing to learn
  const checks: CrashReport['checks'] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  for (const type of KNOWLEDGE) {
    const a = clean.audit.nodes[type] ?? 0;
    const b = crashed.audit.nodes[type] ?? 0;
    check(`${type} nodes`, a === b, `clean ${a}, crashed ${b}`);
  }
  const edgeTypes = [
    ...new Set([...Object.keys(clean.audit.edges), ...Object.keys(crashed.audit.edges)]),
  ];
  for (const type of edgeTypes.sort()) {
    const a = clean.audit.edges[type] ?? 0;
    const b = crashed.audit.edges[type] ?? 0;
    check(`${type} edges`, a === b, `clean ${a}, crashed ${b}`);
  }
  check(
    'no duplicate nodes (by MERGE key)',
    Object.keys(clean.audit.duplicates).length === 0 &&
      Object.keys(crashed.audit.duplicates).length === 0,
    `clean ${JSON.stringify(clean.audit.duplicates)}, crashed ${JSON.stringify(crashed.audit.duplicates)}`,
  );
  check(
    'clean run reconciles (read = imported + merged + skipped + quarantined = records)',
    s.read === o.records && s.imported + s.merged + s.skipped + s.quarantined === s.read,
    `read ${s.read} = ${s.imported} + ${s.merged} + ${s.skipped} + ${s.quarantined}; ${o.records} records`,
  );
  const lostClean = o.records - clean.audit.caseIds.length - clean.dead.lines.length - contentSkips;
  const lostCrashed =
    o.records - crashed.audit.caseIds.length - crashed.dead.lines.length - contentSkips;
  check(
    'no lost tickets (records = cases + quarantined + skipped with a reason)',
    lostClean === 0 && lostCrashed === 0,
    `clean: ${clean.audit.caseIds.length} cases + ${clean.dead.lines.length} quarantined + ${contentSkips} skipped (${Object.keys(
      s.skipReasons,
    ).join(
      '; ',
    )}) of ${o.records}; crashed: ${crashed.audit.caseIds.length} + ${crashed.dead.lines.length} + ${contentSkips}`,
  );
  const cleanCases = new Set(clean.audit.caseIds);
  const crashedCases = new Set(crashed.audit.caseIds);
  check(
    'same cases',
    clean.audit.caseIds.join('\n') === crashed.audit.caseIds.join('\n'),
    `${crashed.audit.caseIds.filter((id) => !cleanCases.has(id)).length} extra, ${clean.audit.caseIds.filter((id) => !crashedCases.has(id)).length} missing`,
  );
  check(
    'same quarantined lines, each written once',
    clean.dead.lines.join(',') === crashed.dead.lines.join(',') &&
      crashed.dead.entries === crashed.dead.lines.length,
    `clean ${clean.dead.lines.length}, crashed ${crashed.dead.lines.length} lines in ${crashed.dead.entries} entries`,
  );
  check(
    'identical knowledge (digest of nodes, properties and edges)',
    clean.audit.digest === crashed.audit.digest,
    `clean ${clean.audit.digest.slice(0, 16)}, crashed ${crashed.audit.digest.slice(0, 16)}`,
  );
  return { seed: o.seed, clean, crashed, checks, ok: checks.every((c) => c.ok) };
}

/**
 * Writes an archive of `n` tickets recombined from the project's own seed tickets (subject and
 * resolution of one, description of another of the same language), with one unreadable record in
 * every `badEvery` (cut-off JSON or a record without id). Returns the number of records.
 */
export function writeSeedArchive(file: string, n: number, seed: number, badEvery = 150): number {
  const rows = fs
    .readFileSync(path.join(ROOT, 'seed', 'tickets.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const rand = rng(seed);
  const pick = () => rows[Math.floor(rand() * rows.length)]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % badEvery === badEvery - 1) {
      out.push(i % 2 === 0 ? `{"id":"S${i}","subject":"cut off` : `{"subject":"no id ${i}"}`);
      continue;
    }
    const a = pick();
    const others = rows.filter((r) => r.lang === a.lang);
    const b = others[Math.floor(rand() * others.length)]!;
    out.push(
      JSON.stringify({
        ...a,
        gold: undefined, // the seed's labels are not part of a ticket
        id: `S${i}`,
        customer_id: `c${i % 97}`,
        description: `${String(a.description)} ${String(b.description)}`,
      }),
    );
  }
  fs.writeFileSync(file, out.join('\n') + '\n');
  return n;
}
