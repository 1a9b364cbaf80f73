/**
 * `npm run bench:soak [-- --duration 10m --rate 40 --mix 80,15,5 --strict --json]`: load and soak.
 *
 * 1. Starts the real server (`kg serve`, a child process) on a free loopback port with an embedded
 *    store in a fresh temp dir, authentication on and two API keys (a bot and an importer); the
 *    server loads the ontology and the project seed on its first start.
 * 2. This process is the load generator: an open-loop schedule at a fixed `--rate` (requests are
 *    sent at fixed times whether or not earlier ones have answered), at most `--max-inflight` in
 *    flight (a send that would exceed it is counted as an error). The mix (`--mix answer,feedback,
 *    ingest` in percent): `answer` with varied zh and en questions (half verbatim, so the cache
 *    hits; half with added words, so it misses and fills), some with a customerId; `recordFeedback`
 *    on solution ids from earlier answers; `ingestTickets` with 1-3 new tickets made from built-in
 *    sentences (or lines of `--data file.jsonl`) under unique ids.
 * 3. Every 10 s it samples the server's RSS (/proc/<pid>/status) and scrapes /metrics (V8 heap,
 *    answer-cache entries). Per interval (a minute; a tenth of the run when it is shorter than 5
 *    minutes) it prints requests, errors, p50, p99 and RSS; at the end RSS growth from the end of
 *    the warm-up (the first tenth of the run) to the end, p99 of the last interval over the first
 *    interval after the warm-up, and errors, against the targets.
 *
 * An error is a non-2xx status, a GraphQL `errors` entry, a timeout (`--timeout`), a connection
 * error or a send refused by the in-flight bound. Exit code 1 when there was any error (always) or,
 * with `--strict`, when RSS growth or the p99 ratio misses its target: latency and memory on a
 * shared machine are noisy, errors are not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rng } from './lib.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10m' },
    rate: { type: 'string', default: '40' },
    mix: { type: 'string', default: '80,15,5' },
    'max-inflight': { type: 'string', default: '200' },
    timeout: { type: 'string', default: '10s' },
    data: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    strict: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

/** `30s`, `2m`, `1h`, `1500ms` or a bare number of seconds, in ms. */
function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`bad duration '${s}' (e.g. 30s, 2m, 10m)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!;
  return Math.round(Number(m[1]) * unit);
}

const DURATION_MS = parseDuration(values.duration);
const RATE = Number(values.rate);
const MAX_INFLIGHT = Number(values['max-inflight']);
const TIMEOUT_MS = parseDuration(values.timeout);
const MIX = values.mix.split(',').map(Number);
if (MIX.length !== 3 || MIX.some((x) => !Number.isFinite(x) || x < 0) || MIX[0]! + MIX[1]! <= 0)
  throw new Error(`bad --mix '${values.mix}': answer,feedback,ingest in percent, e.g. 80,15,5`);
if (!(RATE > 0) || !(DURATION_MS > 0) || !(MAX_INFLIGHT > 0))
  throw new Error('--rate, --duration and --max-inflight must be positive');
const MIX_TOTAL = MIX[0]! + MIX[1]! + MIX[2]!;

/** Intervals: minutes, or tenths of the run when it is shorter than 5 minutes. */
const INTERVAL_MS = DURATION_MS >= 300_000 ? 60_000 : DURATION_MS / 10;
const INTERVALS = Math.ceil(DURATION_MS / INTERVAL_MS - 1e-9);
/** RSS baseline and the p99 reference are taken after the warm-up: the first tenth of the run. */
const WARMUP_MS = DURATION_MS / 10;
const SAMPLE_MS = Math.min(10_000, INTERVAL_MS);
const TARGET = { rssGrowth: 0.1, p99Ratio: 2, errors: 0 };

const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
const BOT_KEY = `soak-bot-${Math.random().toString(36).slice(2)}-0123456789`;
const IMPORTER_KEY = `soak-importer-${Math.random().toString(36).slice(2)}-0123456789`;

// ---------------------------------------------------------------------------------------------
// Traffic content (self-contained: no shared data set).

const QUESTIONS = [
  'my cloud server went dark, the console says power alarm',
  '服务器突然挂了，控制台有电源告警，是不是电源坏了？',
  'A volume on my VM became a read-only file system and the kernel log keeps printing I/O error',
  '云盘突然磁盘只读，日志里全是I/O错误，数据还能恢复吗？',
  'Getting Permission denied (publickey) on my VM and I lost the .pem file',
  '云主机SSH连接超时，但是网站能正常打开',
  'my account is locked after too many wrong passwords',
  '手机银行登陆不了，提示账户已锁定',
  'I sent a transfer on Saturday and the money left my account but my friend did not receive it',
  '周六晚上跨行转账，钱扣了对方没收到',
  'the CPU of my instance is at 100% and there is a process I do not recognise',
  '云服务器CPU一直100%，有个奇怪的进程',
  'my instance was suspended because of an overdue balance',
  '服务器欠费停机了怎么恢复',
  'the app crashes right after the latest update',
  'App升级后一打开就闪退',
  'I never receive the SMS verification code',
  '收不到短信验证码',
  'the website is very slow since yesterday',
  '网站从昨天开始访问很慢',
];
const EXTRA_EN = ['again', 'since this morning', 'urgent', 'please help', 'on two machines'];
const EXTRA_ZH = ['又出现了', '从早上开始', '很急', '请帮忙', '两台机器都这样'];

const SUBJECTS = [
  ['Server down with power alarm', '服务器宕机，电源告警'],
  ['Disk became read-only', '磁盘变成只读'],
  ['Cannot SSH into instance', '无法SSH登录云主机'],
  ['Account locked', '账户被锁定'],
  ['Transfer not received', '转账对方未收到'],
  ['App crashes on start', 'App启动闪退'],
];
const DESCRIPTIONS = [
  [
    'The console showed a power supply alarm and the host stopped.',
    '控制台显示电源告警，主机停止运行。',
  ],
  [
    'The kernel log shows I/O errors and the file system is read-only.',
    '内核日志有I/O错误，文件系统只读。',
  ],
  [
    'SSH times out but the website on the same host works.',
    'SSH连接超时，但同一台机器上的网站正常。',
  ],
  ['The customer typed a wrong password several times.', '客户多次输错密码。'],
  ['The money left the account on Saturday evening.', '周六晚上已扣款。'],
  ['The app closes immediately after the update.', '更新后App立即关闭。'],
];
const CAUSES = [
  ['The power supply unit failed.', '电源模块故障。'],
  ['The disk has bad sectors.', '磁盘有坏道。'],
  ['Port 22 is closed in the security group.', '安全组未放行22端口。'],
  ['Five wrong password attempts locked the account.', '连续输错密码5次，账户被锁定。'],
  [
    'Interbank transfers on weekends clear on the next working day.',
    '跨行转账周末顺延到工作日清算。',
  ],
  ['The update shipped a broken cache file.', '更新包带了损坏的缓存文件。'],
];
const RESOLUTIONS = [
  ['Replaced the power supply and restarted the host.', '更换电源模块并重启主机。'],
  ['Replaced the disk and restored data from the snapshot.', '更换磁盘并从快照恢复数据。'],
  ['Opened port 22 in the security group; SSH works again.', '在安全组放行22端口，SSH恢复。'],
  [
    'Guided the customer through self-service unlock and a password reset.',
    '指导客户自助解锁并重置密码。',
  ],
  [
    'Told the customer the transfer clears on Monday; it arrived.',
    '告知客户周一到账，已确认到账。',
  ],
  ['Cleared the app cache and reinstalled; the app starts.', '清除缓存并重装，App正常启动。'],
];

const rand = rng(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const runId = Date.now().toString(36);
let ticketN = 0;
let questionN = 0;

const dataLines: string[] | null = values.data
  ? fs
      .readFileSync(values.data, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
  : null;
if (dataLines && dataLines.length === 0) throw new Error(`--data ${values.data}: no records`);

function newTicket(): string {
  const n = ticketN++;
  const id = `SOAK-${runId}-${n}`;
  if (dataLines) {
    const rec = JSON.parse(dataLines[n % dataLines.length]!) as Record<string, unknown>;
    return JSON.stringify({ ...rec, id });
  }
  const zh = rand() < 0.5 ? 1 : 0;
  const i = Math.floor(rand() * SUBJECTS.length);
  // Mostly coherent tickets (one topic), sometimes recombined across topics.
  const j = rand() < 0.8 ? i : Math.floor(rand() * SUBJECTS.length);
  return JSON.stringify({
    id,
    created_at: new Date(Date.now() - 3_600_000).toISOString(),
    resolved_at: new Date().toISOString(),
    customer_id: `SC${n % 50}`,
    product: null,
    subject: SUBJECTS[i]![zh],
    description: `${DESCRIPTIONS[i]![zh]} ${DESCRIPTIONS[j]![zh]}`,
    cause: CAUSES[i]![zh],
    resolution: RESOLUTIONS[j]![zh],
    status: 'resolved',
    lang: zh ? 'zh' : 'en',
  });
}

function nextQuestion(): string {
  const q = pick(QUESTIONS);
  if (rand() < 0.5) return q;
  const zh = /\p{Script=Han}/u.test(q);
  return `${q} ${pick(zh ? EXTRA_ZH : EXTRA_EN)} ${questionN++}`;
}

/** Recent solution ids from answers (bounded). */
const solutions: string[] = [];

type Kind = 'answer' | 'feedback' | 'ingest';
interface Req {
  kind: Kind;
  key: string;
  query: string;
  variables: Record<string, unknown>;
}

const ANSWER = `query($input: AnswerInput!) { answer(input: $input) { cached candidates {
  rank confidence fault { id } solution { id } } } }`;
const FEEDBACK = `mutation($s: ID!, $o: Outcome!) { recordFeedback(solutionId: $s, outcome: $o) { id } }`;
const INGEST = `mutation($input: IngestInput!) { ingestTickets(input: $input) {
  read imported merged skipped quarantined failure } }`;

function nextRequest(): Req {
  let r = rand() * MIX_TOTAL;
  if (r >= MIX[0]! && r < MIX[0]! + MIX[1]! && solutions.length === 0) r = 0; // nothing to rate yet
  if (r < MIX[0]!) {
    const input: Record<string, unknown> = { question: nextQuestion() };
    if (rand() < 0.3) input.customerId = `SC${Math.floor(rand() * 50)}`;
    return { kind: 'answer', key: BOT_KEY, query: ANSWER, variables: { input } };
  }
  if (r < MIX[0]! + MIX[1]!) {
    const o = rand();
    const outcome = o < 0.7 ? 'HELPFUL' : o < 0.9 ? 'NOT_HELPFUL' : 'REOPENED';
    return {
      kind: 'feedback',
      key: BOT_KEY,
      query: FEEDBACK,
      variables: { s: pick(solutions), o: outcome },
    };
  }
  const n = 1 + Math.floor(rand() * 3);
  const data = Array.from({ length: n }, newTicket).join('\n');
  return { kind: 'ingest', key: IMPORTER_KEY, query: INGEST, variables: { input: { data } } };
}

// ---------------------------------------------------------------------------------------------
// The server.

interface Server {
  child: ChildProcess;
  url: string;
  stderrTail: () => string;
}

function startServer(dataDir: string): Promise<Server> {
  // eslint-disable-next-line no-restricted-properties -- the bench configures its child process
  const base = { ...process.env };
  for (const k of Object.keys(base))
    if (k.startsWith('NEO4J_') || k.startsWith('KG_')) delete base[k];
  const extra = Object.fromEntries(
    values.env.map((kv) => {
      const i = kv.indexOf('=');
      if (i < 1) throw new Error(`bad --env '${kv}': expected KEY=VALUE`);
      return [kv.slice(0, i), kv.slice(i + 1)];
    }),
  );
  const env = {
    ...base,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    KG_STORE: 'embedded',
    KG_DATA_DIR: dataDir,
    KG_AUTH: 'on',
    KG_API_KEYS: `soak-bot:bot:${BOT_KEY},soak-importer:importer:${IMPORTER_KEY}`,
    ...extra,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'kg.js'), 'serve'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${tail}`)), 60_000);
    child.stderr.on('data', (d: Buffer) => {
      tail = (tail + d.toString()).slice(-8000);
      const m = /GraphQL\s+(http:\/\/localhost:\d+)\/graphql/.exec(tail);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace('localhost', '127.0.0.1'), stderrTail: () => tail });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${tail}`));
    });
  });
}

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return m ? Number(m[1]) * 1024 : NaN;
}

async function scrape(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const want = [
    'process_resident_memory_bytes',
    'nodejs_heap_size_used_bytes',
    'nodejs_heap_size_total_bytes',
    'nodejs_external_memory_bytes',
    'kg_answer_cache_entries',
  ];
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [name, value] = line.split(' ');
    if (name && want.includes(name)) out[name] = Number(value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Load.

interface Done {
  kind: Kind;
  interval: number;
  ms: number;
  ok: boolean;
}

const MiB = (b: number) => (b / 2 ** 20).toFixed(1);
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const log = (s: string) => {
    if (!values.json) console.log(s);
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-soak-'));
  log(
    `bench:soak — ${values.duration} at ${RATE} req/s, mix answer/feedback/ingest ${MIX.join('/')} %` +
      `, in-flight ≤ ${MAX_INFLIGHT}, timeout ${TIMEOUT_MS} ms`,
  );
  const t0Start = Date.now();
  const server = await startServer(dataDir);
  const pid = server.child.pid!;
  log(`  server pid ${pid} at ${server.url} (started in ${Date.now() - t0Start} ms)`);
  let serverExited = false;
  server.child.once('exit', () => (serverExited = true));

  const done: Done[] = [];
  const errorSamples: string[] = [];
  const errorKinds = new Map<string, number>();
  const noteError = (what: string) => {
    errorKinds.set(what.slice(0, 80), (errorKinds.get(what.slice(0, 80)) ?? 0) + 1);
    if (errorSamples.length < 10) errorSamples.push(what.slice(0, 300));
  };
  let inflight = 0;
  let maxInflight = 0;
  const tickets = { read: 0, imported: 0, merged: 0, skipped: 0 };
  let maxLag = 0;

  async function send(req: Req, interval: number): Promise<void> {
    const start = performance.now();
    let ok = false;
    try {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${req.key}` },
        body: JSON.stringify({ query: req.query, variables: req.variables }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await res.text();
      if (res.status < 200 || res.status > 299) {
        noteError(`${req.kind}: HTTP ${res.status} ${text}`);
      } else {
        const body = JSON.parse(text) as {
          data?: Record<string, unknown>;
          errors?: { message: string }[];
        };
        if (body.errors?.length) {
          noteError(`${req.kind}: ${body.errors.map((e) => e.message).join('; ')}`);
        } else {
          ok = true;
          observe(req.kind, body.data ?? {});
        }
      }
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      noteError(`${req.kind}: ${err.name} ${err.cause?.code ?? ''} ${err.message}`);
    }
    done.push({ kind: req.kind, interval, ms: performance.now() - start, ok });
  }

  function observe(kind: Kind, data: Record<string, unknown>): void {
    if (kind === 'answer') {
      const a = data.answer as { candidates: { solution: { id: string } | null }[] };
      for (const c of a.candidates) {
        if (!c.solution) continue;
        if (solutions.length < 200) solutions.push(c.solution.id);
        else solutions[Math.floor(rand() * solutions.length)] = c.solution.id;
      }
    } else if (kind === 'ingest') {
      const s = data.ingestTickets as typeof tickets;
      for (const k of ['read', 'imported', 'merged', 'skipped'] as const) tickets[k] += s[k];
    }
  }

  // RSS / metrics samples.
  interface Sample {
    t: number;
    rss: number;
    heapUsed: number;
    heapTotal: number;
    external: number;
    cacheEntries: number;
  }
  const samples: Sample[] = [];
  const takeSample = async (t: number): Promise<Sample> => {
    const rss = rssOf(pid);
    const m: Record<string, number> = await scrape(server.url).catch(() => ({}));
    const s: Sample = {
      t,
      rss,
      heapUsed: m.nodejs_heap_size_used_bytes ?? NaN,
      heapTotal: m.nodejs_heap_size_total_bytes ?? NaN,
      external: m.nodejs_external_memory_bytes ?? NaN,
      cacheEntries: m.kg_answer_cache_entries ?? NaN,
    };
    samples.push(s);
    return s;
  };

  const idle = await takeSample(0);
  log(`  RSS at start (idle, seeded): ${MiB(idle.rss)} MiB, heap used ${MiB(idle.heapUsed)} MiB`);
  log(
    `  warm-up: the first ${(WARMUP_MS / 1000).toFixed(0)} s (a tenth of the run); RSS growth is` +
      ` measured from its end, the p99 ratio against the first interval after it`,
  );

  const t0 = performance.now();
  const total = Math.floor((DURATION_MS / 1000) * RATE);
  let sent = 0;
  let nextSample = SAMPLE_MS;
  let baseline: Sample | null = null;
  let printed = 0;

  const header = () =>
    log(
      `\n  ${'interval'.padEnd(14)}${'requests'.padStart(9)}${'errors'.padStart(8)}` +
        `${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'RSS MiB'.padStart(10)}${'heap MiB'.padStart(10)}`,
    );
  const rowFor = (i: number) => {
    const rs = done.filter((d) => d.interval === i);
    const lat = rs.map((d) => d.ms);
    const from = (i * INTERVAL_MS) / 1000;
    const to = (Math.min(DURATION_MS, (i + 1) * INTERVAL_MS) / 1000).toFixed(0);
    // The sample nearest the interval's end.
    const endT = Math.min(DURATION_MS, (i + 1) * INTERVAL_MS);
    const last = samples.reduce((a, b) => (Math.abs(b.t - endT) < Math.abs(a.t - endT) ? b : a));
    return {
      interval: i + 1,
      label: `${from.toFixed(0)}-${to} s`,
      requests: rs.length,
      errors: rs.filter((d) => !d.ok).length,
      p50: quantile(lat, 0.5),
      p99: quantile(lat, 0.99),
      rssMiB: Number(MiB(last.rss)),
      heapUsedMiB: Number(MiB(last.heapUsed)),
    };
  };
  const printRow = (i: number) => {
    const r = rowFor(i);
    log(
      `  ${r.label.padEnd(14)}${String(r.requests).padStart(9)}${String(r.errors).padStart(8)}` +
        `${r.p50.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}` +
        `${r.rssMiB.toFixed(1).padStart(10)}${r.heapUsedMiB.toFixed(1).padStart(10)}`,
    );
  };
  header();

  // Open loop: each request has a fixed send time t0 + i / rate.
  while (sent < total && !serverExited) {
    const now = performance.now() - t0;
    while (sent < total && (sent * 1000) / RATE <= now) {
      const due = (sent * 1000) / RATE;
      maxLag = Math.max(maxLag, now - due);
      const interval = Math.min(INTERVALS - 1, Math.floor(due / INTERVAL_MS));
      sent++;
      const req = nextRequest();
      if (inflight >= MAX_INFLIGHT) {
        noteError(`${req.kind}: not sent, ${MAX_INFLIGHT} requests already in flight`);
        done.push({ kind: req.kind, interval, ms: NaN, ok: false });
        continue;
      }
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
      void send(req, interval).finally(() => inflight--);
    }
    if (now >= nextSample) {
      nextSample += SAMPLE_MS;
      // Not awaited: a slow /metrics must not hold up the schedule.
      const warm = now >= WARMUP_MS;
      void takeSample(now).then((s) => {
        if (baseline === null && warm) baseline = s;
      });
    }
    // Print an interval once its requests have had time to answer.
    while (printed < INTERVALS - 1 && now >= (printed + 1) * INTERVAL_MS + TIMEOUT_MS) {
      printRow(printed++);
    }
    await sleep(Math.max(0, Math.min(5, (sent * 1000) / RATE - (performance.now() - t0))));
  }
  // Drain.
  const drainStart = performance.now();
  while (inflight > 0 && performance.now() - drainStart < TIMEOUT_MS + 1000) await sleep(20);
  const end = await takeSample(DURATION_MS);
  baseline ??= end;
  while (printed < INTERVALS) printRow(printed++);

  if (serverExited) noteError(`server exited during the run:\n${server.stderrTail()}`);

  // Summary.
  const rows = Array.from({ length: INTERVALS }, (_, i) => rowFor(i));
  const firstAfterWarmup = Math.min(INTERVALS - 1, Math.ceil(WARMUP_MS / INTERVAL_MS - 1e-9));
  const p99First = rows[firstAfterWarmup]!.p99;
  const p99Last = rows[INTERVALS - 1]!.p99;
  const p99Ratio = p99Last / p99First;
  const maxRss = Math.max(...samples.map((s) => s.rss));
  const growth = (end.rss - baseline.rss) / baseline.rss;
  const errors = done.filter((d) => !d.ok).length + (serverExited ? 1 : 0);
  const byKind = (['answer', 'feedback', 'ingest'] as const).map((kind) => {
    const rs = done.filter((d) => d.kind === kind);
    const lat = rs.filter((d) => d.ok).map((d) => d.ms);
    return {
      kind,
      requests: rs.length,
      errors: rs.filter((d) => !d.ok).length,
      p50: quantile(lat, 0.5),
      p99: quantile(lat, 0.99),
    };
  });
  const pass = {
    rssGrowth: growth < TARGET.rssGrowth,
    p99Ratio: p99Ratio <= TARGET.p99Ratio,
    errors: errors === TARGET.errors,
  };
  const elapsed = (performance.now() - t0) / 1000;
  const summary = {
    duration: values.duration,
    rate: RATE,
    mix: { answer: MIX[0], feedback: MIX[1], ingest: MIX[2] },
    requests: done.length,
    achievedRate: done.length / elapsed,
    maxInflight,
    maxSendLagMs: maxLag,
    warmupSeconds: WARMUP_MS / 1000,
    rss: {
      idleMiB: Number(MiB(idle.rss)),
      startMiB: Number(MiB(baseline.rss)),
      endMiB: Number(MiB(end.rss)),
      maxMiB: Number(MiB(maxRss)),
      growth,
    },
    heapUsedMiB: {
      idle: Number(MiB(idle.heapUsed)),
      start: Number(MiB(baseline.heapUsed)),
      end: Number(MiB(end.heapUsed)),
    },
    heapTotalMiB: { start: Number(MiB(baseline.heapTotal)), end: Number(MiB(end.heapTotal)) },
    externalMiB: { start: Number(MiB(baseline.external)), end: Number(MiB(end.external)) },
    answerCacheEntries: { start: baseline.cacheEntries, end: end.cacheEntries },
    tickets,
    p99: { firstAfterWarmup: p99First, last: p99Last, ratio: p99Ratio },
    errors,
    errorKinds: Object.fromEntries(errorKinds),
    intervals: rows,
    byKind,
    targets: TARGET,
    pass,
  };

  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  log(`\n  by kind:`);
  for (const k of byKind)
    log(
      `    ${k.kind.padEnd(9)} ${String(k.requests).padStart(7)} requests, ${k.errors} errors,` +
        ` p50 ${k.p50.toFixed(1)} ms, p99 ${k.p99.toFixed(1)} ms`,
    );
  log(
    `\n  requests ${done.length} in ${elapsed.toFixed(0)} s (${summary.achievedRate.toFixed(1)} req/s),` +
      ` max in flight ${maxInflight}, max send lag ${maxLag.toFixed(1)} ms`,
  );
  log(
    `  tickets sent to ingestTickets: ${tickets.read} (new knowledge ${tickets.imported},` +
      ` merged into known faults ${tickets.merged}, skipped ${tickets.skipped})`,
  );
  log(
    `  RSS: idle ${MiB(idle.rss)} MiB; after warm-up ${MiB(baseline.rss)} MiB → end ${MiB(end.rss)} MiB` +
      ` (${(growth * 100).toFixed(1)} %), max ${MiB(maxRss)} MiB`,
  );
  log(
    `  V8 heap used: idle ${MiB(idle.heapUsed)}, after warm-up ${MiB(baseline.heapUsed)} → end ` +
      `${MiB(end.heapUsed)} MiB (heap total ${MiB(baseline.heapTotal)} → ${MiB(end.heapTotal)} MiB,` +
      ` external ${MiB(baseline.external)} → ${MiB(end.external)} MiB);` +
      ` answer cache entries ${baseline.cacheEntries} → ${end.cacheEntries}`,
  );
  log(
    `  p99: first interval after warm-up ${p99First.toFixed(1)} ms, last ${p99Last.toFixed(1)} ms` +
      ` (ratio ${p99Ratio.toFixed(2)})`,
  );
  log(`  errors: ${errors}`);
  for (const [what, n] of errorKinds) log(`    ${n} × ${what}`);
  for (const s of errorSamples.slice(0, 3)) log(`    e.g. ${s}`);
  log(
    `\n  ${verdict(pass.rssGrowth)}  RSS growth ${(growth * 100).toFixed(1)} % < ${TARGET.rssGrowth * 100} %` +
      `\n  ${verdict(pass.p99Ratio)}  p99 last/first ${p99Ratio.toFixed(2)} ≤ ${TARGET.p99Ratio}` +
      `\n  ${verdict(pass.errors)}  errors ${errors} = 0` +
      (values.strict ? '' : '\n  (without --strict only errors fail the run)'),
  );
  if (values.json) console.log(JSON.stringify(summary, null, 2));

  server.child.kill('SIGTERM');
  if (!serverExited) await new Promise((r) => server.child.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
  const failed = !pass.errors || (values.strict && (!pass.rssGrowth || !pass.p99Ratio));
  process.exitCode = failed ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
