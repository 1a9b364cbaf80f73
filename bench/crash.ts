/**
 * `npm run bench:crash [-- --n 100000 --kills 3 --seed 20261122 --batch 500]`: crash safety of
 * `kg import` at scale. The archive is `n` tickets recombined from the project's seed tickets (one
 * unreadable record in every 150); `kg import` runs as a child process on a persisted embedded
 * store and is killed with SIGKILL at `kills` seeded points (a committed batch plus a random
 * delay, so most kills land mid-batch), then rerun to completion. A clean import of the same
 * archive into a fresh store runs alongside. The two graphs are compared: node counts per type,
 * edge counts per relation, duplicates by MERGE key, cases, quarantined lines (each written
 * once), lost tickets, and a digest of every node, property and edge.
 *
 * The same trial runs at 300 tickets in test/crash.e2e.test.ts. Exit code 1 when a check fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { crashTrial, writeSeedArchive } from '../test/support/crash.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    kills: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20261122' },
    batch: { type: 'string', default: '500' },
    keep: { type: 'boolean', default: false },
  },
});
const n = Number(values.n);
const seed = Number(values.seed);
const kills = Number(values.kills);
const batch = Number(values.batch);
for (const [name, v] of Object.entries({ n, seed, kills, batch }))
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`bench:crash: --${name} must be a positive integer\n`);
    process.exit(2);
  }

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-bench-crash-'));
const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const archive = path.join(work, 'archive.jsonl');
const records = writeSeedArchive(archive, n, seed);
log(
  `bench:crash — ${records} records (seed ${seed}), ${kills} SIGKILLs, batches of ${batch}; node ${process.version}, ${os.cpus().length} cores; work dir ${work}`,
);
const started = Date.now();
try {
  const report = await crashTrial({ archive, records, work, seed, kills, batch, log });
  const s = report.clean.run.summary!;
  log(
    `clean run: read ${s.read} = ${s.imported} imported + ${s.merged} merged + ${s.skipped} skipped + ${s.quarantined} quarantined in ${report.clean.run.seconds.toFixed(0)} s`,
  );
  const killed = report.crashed.runs.filter((r) => r.killed);
  log(
    `crashed store: ${killed.length} runs killed (after ${killed.map((r) => r.batches).join(', ')} committed batches of their own), ${report.crashed.runs.length - killed.length} run to completion; ${report.crashed.runs.reduce((t, r) => t + r.seconds, 0).toFixed(0)} s in all`,
  );
  const a = report.clean.audit;
  log(
    `graph: ${Object.entries(a.nodes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; edges ${Object.values(a.edges).reduce((t, v) => t + v, 0)}`,
  );
  for (const c of report.checks) log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  log(
    `${report.ok ? 'PASS' : 'FAIL'}: ${report.checks.filter((c) => c.ok).length}/${report.checks.length} checks in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  process.exitCode = report.ok ? 0 : 1;
} finally {
  if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
}
