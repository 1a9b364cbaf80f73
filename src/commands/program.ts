import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { openApp, type App } from '../app.js';
import { BadInputError, NotFoundError } from '../errors.js';
import {
  formatChangeset,
  formatChangesets,
  importArchive,
  revert,
  watchDir,
  type ImportCliOptions,
} from './extract.js';
import { report, type ReportCliOptions } from './report.js';
import { loadConfig, type Config } from '../config.js';
import { graphStats, loadSeed } from '../graph/bootstrap.js';
import { formatIssues } from '../graph/ontology/format.js';
import { loadOntology } from '../graph/ontology/load.js';
import {
  applyOntology,
  parseReassign,
  planOntology,
  type OntologyPlan,
} from '../graph/ontology/plan.js';
import { createLogger } from '../logger.js';

/**
 * `kg`: the command line of supportgraph. Every command reads the same configuration as the server
 * (environment variables, see README); output for people goes to stdout, logs to stderr.
 */
export function buildCli(out: (s: string) => void = (s) => process.stdout.write(s)): Command {
  const program = new Command('kg')
    .description(
      'supportgraph: a customer-support knowledge graph that updates itself from resolved tickets',
    )
    .version(packageVersion())
    .showHelpAfterError()
    .configureOutput({ writeOut: out });

  program
    .command('serve')
    .description('start the GraphQL server (loads the ontology and seed into an empty store)')
    // Loaded only for `serve`: the HTTP stack (yoga, armor, prom-client) would slow every command.
    .action(async () => (await import('./serve.js')).serve(loadConfig()));

  const ontology = program
    .command('ontology')
    .description('ontology as code: validate, plan and apply ontology/');
  ontology
    .command('validate')
    .description('check types.yaml and concepts/*.yaml; errors as file:line:column: reason')
    .argument('[dir]', 'ontology directory', 'ontology')
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const result = await loadOntology(dir);
      if (opts.json) {
        out(
          JSON.stringify({
            ok: result.ontology !== null,
            version: result.ontology?.version ?? null,
            issues: result.issues,
          }) + '\n',
        );
      } else if (result.ontology) {
        const o = result.ontology;
        out(
          `ok: ${result.files.length} files, ${o.entities.length} entity types, ${o.relations.length} relation types, ` +
            `${o.concepts.length} concepts (${o.languages.join(', ')}); version ${o.version}\n`,
        );
      } else {
        out(`${formatIssues(result.issues)}\n${result.issues.length} error(s) in ${dir}\n`);
      }
      if (!result.ontology) process.exitCode = 1;
    });

  ontology
    .command('plan')
    .description('show what `kg ontology apply` would add, change and remove in the graph')
    .argument('[dir]', 'ontology directory', 'ontology')
    .option('--reassign-to <old=new...>', 'move instances of a removed concept to another concept')
    .option('--json', 'print the plan as JSON')
    .action(async (dir: string, opts: { reassignTo?: string[]; json?: boolean }) => {
      const config = withOntologyDir(loadConfig(), dir);
      await withApp(config, cliLogger(config), { bootstrapGraph: false }, async (app) => {
        const plan = planOntology(app.ontology, await app.store.readOntology(), {
          reassignTo: parseReassign(opts.reassignTo ?? []),
        });
        out(opts.json ? JSON.stringify(planJson(plan)) + '\n' : formatPlan(plan));
        if (plan.blockers.length > 0) process.exitCode = 1;
      });
    });

  ontology
    .command('apply')
    .description('write the ontology files to the graph (idempotent) and stamp their version')
    .argument('[dir]', 'ontology directory', 'ontology')
    .option('--reassign-to <old=new...>', 'move instances of a removed concept to another concept')
    .action(async (dir: string, opts: { reassignTo?: string[] }) => {
      const config = withOntologyDir(loadConfig(), dir);
      await withApp(config, cliLogger(config), { bootstrapGraph: false }, async (app) => {
        const plan = await applyOntology(app.store, app.ontology, {
          reassignTo: parseReassign(opts.reassignTo ?? []),
        });
        out(
          plan.changes.length === 0
            ? `nothing to apply: the graph has version ${plan.to}\n`
            : formatPlan(plan, 'applied'),
        );
      });
    });

  program
    .command('seed')
    .description('load the demo knowledge and tickets of seed/ (idempotent)')
    .argument('[dir]', 'seed directory', 'seed')
    .action(async (dir: string) => {
      const config = loadConfig();
      await withApp({ ...config, seedOnFirstStart: false }, cliLogger(config), {}, async (app) => {
        const r = await loadSeed(app.store, app.ontology, path.resolve(dir));
        out(`seed loaded: ${r.cases} cases, ${r.nodes} nodes and ${r.links} links upserted\n`);
      });
    });

  program
    .command('import')
    .description(
      'extract knowledge from an archive of resolved tickets (JSONL or CSV; idempotent), or restore a snapshot (--snapshot)',
    )
    .argument('[archive]', 'ticket archive (.jsonl, .csv)')
    .option('--snapshot <file>', 'restore a `kg export` snapshot into an empty store')
    .option('--force', 'with --snapshot: delete everything in a non-empty store first')
    .option('--map <fields>', 'field map, e.g. subject=title,description=body,resolution=fix_notes')
    .option('--format <format>', 'jsonl, csv or auto (by extension)', 'auto')
    .option(
      '--encoding <encoding>',
      'utf8, gb18030, latin1, or auto (each line UTF-8, else Latin-1 or GB18030; UTF-16 by its BOM)',
      'auto',
    )
    .option(
      '--dead-letter <file>',
      'where unreadable records go (default: <archive>.rejected.jsonl)',
    )
    .option('--batch <n>', 'tickets per transaction', '200')
    .option(
      '--max-bad <share>',
      'fail (exit 1) when more than this share of records is bad (default: KG_IMPORT_MAX_BAD_SHARE, 0.01)',
    )
    .option(
      '--progress <style>',
      'bar, lines, or json (one line per committed batch); default: bar on a terminal, else lines',
    )
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        archive: string | undefined,
        opts: ImportCliOptions & { json?: boolean; snapshot?: string; force?: boolean },
      ) => {
        const config = loadConfig();
        if (opts.snapshot !== undefined) {
          if (archive !== undefined)
            throw new BadInputError('give either an archive or --snapshot <file>, not both');
          const { restoreCommand } = await import('./backup.js');
          await restoreCommand(config, opts.snapshot, { force: opts.force }, out);
          return;
        }
        if (archive === undefined)
          throw new BadInputError('missing the archive to import (or --snapshot <file>)');
        if (opts.force) throw new BadInputError('--force applies only to --snapshot');
        await withApp(config, cliLogger(config), {}, async (app) => {
          const s = await importArchive(app, archive, opts, opts.json ? () => undefined : out);
          if (opts.json) out(JSON.stringify(s) + '\n');
          if (s.failure) {
            process.stderr.write(`kg: import failed: ${s.failure}\n`);
            process.exitCode = 1;
          }
        });
      },
    );

  program
    .command('export')
    .description(
      'back up the whole graph (all tiers, provenance, bookkeeping) as a JSONL snapshot, or GraphML for graph tools',
    )
    .option(
      '--out <dir|file>',
      'a file, a directory (gets supportgraph-<time>.<format>) or - for stdout',
      '.',
    )
    .option('--format <format>', 'jsonl (restorable with kg import --snapshot) or graphml', 'jsonl')
    .action(async (opts: { out: string; format: string }) => {
      const { exportCommand } = await import('./backup.js');
      await exportCommand(loadConfig(), opts, out);
    });

  program
    .command('extract')
    .description('keep the graph up to date from a directory of ticket files')
    .requiredOption(
      '--watch <dir>',
      'directory whose new files and appended lines are imported as they arrive',
    )
    .action(async (opts: { watch: string }) => {
      const config = loadConfig();
      await withApp(config, cliLogger(config), {}, async (app) => {
        await watchDir(app, opts.watch, out);
      });
    });

  const changeset = program
    .command('changeset')
    .description('what each extraction batch changed, and undo');
  changeset
    .command('list')
    .option('--first <n>', 'how many, newest first', '20')
    .action(async (opts: { first: string }) => {
      const config = loadConfig();
      await withApp(config, cliLogger(config), {}, async (app) => {
        out(formatChangesets(await app.store.changesets(Number(opts.first))));
      });
    });
  changeset
    .command('show')
    .argument('<id>')
    .action(async (id: string) => {
      const config = loadConfig();
      await withApp(config, cliLogger(config), {}, async (app) => {
        const c = await app.store.changeset(id);
        if (!c) throw new NotFoundError(`no changeset '${id}'`);
        out(formatChangeset(c));
      });
    });
  changeset
    .command('revert')
    .argument('<id>')
    .description('undo a changeset exactly (refused if a later one built on it)')
    .action(async (id: string) => {
      const config = loadConfig();
      await withApp(config, cliLogger(config), {}, async (app) => {
        await revert(app, id, out);
      });
    });

  const evals = program
    .command('eval')
    .description('measure the graph on data in the shared evaluation schema');
  evals
    .command('repeat')
    .description('repeat inquiries: graph vs a BM25 nearest-ticket baseline (hit@1, hit@3, MRR@10)')
    .argument('<files...>', 'JSONL files (duplicate_of links clusters within them)')
    .option('--json', 'one JSON object: {queries, graph, baseline}')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const { evalRepeatCommand } = await import('./eval.js');
      await evalRepeatCommand(loadConfig(), files, opts.json ?? false, out);
    });
  evals
    .command('replay')
    .description('repeat-inquiry rate with no graph, a static graph and the auto-updating graph')
    .argument('<file>', 'JSONL file')
    .option('--json', 'one JSON object: {arrivals, repeats, rate: {none, static, auto}}')
    .action(async (file: string, opts: { json?: boolean }) => {
      const { evalReplayCommand } = await import('./eval.js');
      await evalReplayCommand(loadConfig(), file, opts.json ?? false, out);
    });
  evals
    .command('extract')
    .description(
      'turn-role accuracy per language (CNUG0 = problem, HNUG* = solution) where rows have meta.turn_nugget_majority; token F1 of the extracted solution where they have meta.gold_short_answers',
    )
    .argument('<file>', 'JSONL file')
    .option(
      '--json',
      'one JSON object: {roles: {zh, en}, solution_f1, n}; n = rows scored (rows with turn labels or gold answers that could be used); null = no such labels',
    )
    .action(async (file: string, opts: { json?: boolean }) => {
      const { evalExtractCommand } = await import('./eval.js');
      await evalExtractCommand(loadConfig(), file, opts.json ?? false, out);
    });

  program
    .command('report')
    .description(
      'operational metrics: repeat-inquiry rate by week, product and fault, flags, deflection, link rate, coverage gaps',
    )
    .option('--json', "print the metrics as one JSON object (the metrics query's shape)")
    .option('--since <date>', 'start of the period (ISO date; default: 12 weeks before --until)')
    .option('--until <date>', 'end of the period (ISO date, whole day included; default: now)')
    .option('--window <days>', 'repeat window in days (default: KG_REPEAT_WINDOW_DAYS)')
    .option(
      '--threshold <share>',
      'flag above this repeat rate, 0.25 or 25% (default: KG_REPEAT_THRESHOLD)',
    )
    .option('--product <id>', 'only this product')
    .option('--min-cases <n>', 'flag only products and faults with at least n cases (default 1)')
    .option('--top <n>', 'top repeat faults and coverage gaps shown (default 10)')
    .option('--html <file>', 'also write a self-contained HTML page with charts')
    .action(async (opts: ReportCliOptions) => {
      const config = loadConfig();
      await withApp(config, cliLogger(config), {}, async (app) => {
        await report(app, opts, out);
      });
    });

  program
    .command('stats')
    .description('node counts per tier and type, edge counts per relation type')
    .option('--json', 'print as JSON: {tiers, nodes, edges}')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      await withApp(config, cliLogger(config), {}, async (app) => {
        const s = await graphStats(app.store, app.schema);
        if (opts.json) {
          out(JSON.stringify(s) + '\n');
          return;
        }
        for (const [tier, types] of Object.entries(s.tiers)) {
          if (tier === 'system') continue;
          const total = Object.values(types).reduce((a, b) => a + b, 0);
          out(`${tier} tier: ${total} nodes\n`);
          for (const [t, n] of Object.entries(types)) out(`  ${t.padEnd(16)} ${n}\n`);
        }
        out('edges:\n');
        for (const [t, n] of Object.entries(s.edges)) out(`  ${t.padEnd(16)} ${n}\n`);
      });
    });

  return program;
}

/** Opens the app for one command and closes it whatever happens. */
async function withApp<T>(
  config: Config,
  log: ReturnType<typeof createLogger>,
  options: Parameters<typeof openApp>[2],
  work: (app: App) => Promise<T>,
): Promise<T> {
  const app = await openApp(config, log, options);
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** Commands other than `serve` log warnings only, unless LOG_LEVEL says otherwise. */
function cliLogger(config: Config) {
  return createLogger(config.logLevelSet ? config : { ...config, logLevel: 'warn' });
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function withOntologyDir(config: Config, dir: string): Config {
  return { ...config, ontologyDir: path.resolve(dir) };
}

function planJson(plan: OntologyPlan) {
  return { from: plan.from, to: plan.to, changes: plan.changes, blockers: plan.blockers };
}

export function formatPlan(plan: OntologyPlan, verb: 'plan' | 'applied' = 'plan'): string {
  const lines: string[] = [];
  const sign = { add: '+', change: '~', remove: '-' } as const;
  for (const c of plan.changes) {
    lines.push(`  ${sign[c.kind]} ${c.what} ${c.id}${c.detail ? ` (${c.detail})` : ''}`);
  }
  const count = (k: string) =>
    plan.changes.filter((c) => c.kind === k && c.what !== 'version').length;
  const head =
    plan.changes.length === 0
      ? `no changes: the graph already has ontology version ${plan.to}`
      : `${verb === 'plan' ? 'plan' : 'applied'}: ${count('add')} to add, ${count('change')} to change, ${count('remove')} to remove (version ${plan.from ?? 'none'} → ${plan.to})`;
  const blockers = plan.blockers.map((b) => `  refused: ${b}`);
  return [head, ...lines, ...blockers].join('\n') + '\n';
}
