/**
 * `npm run bench:api [-- --faults 100000 --duration 15 --rounds 2]`: the answer API under load, against the
 * reference of bare graphql-yoga with a constant resolver, in the same process and run.
 *
 * 1. Builds an in-memory embedded store with the shipped ontology and `--faults` synthetic faults
 *    (phrasings made from the concepts' real labels and aliases plus filler words), each with a
 *    cause, a solution and a supporting case; builds the answer service over it.
 * 2. In-process: p50/p99 of `answers.answer()` on never-seen questions (uncached).
 * 3. Over HTTP on loopback, autocannon (in a worker thread, so it does not share the server's
 *    event loop): bare yoga; `answer` with one repeated question (cached); `answer` with a new
 *    question per request (uncached), `--rounds` times in alternating order. Prints the mean req/s
 *    and p99 of each, the ratios to bare yoga, and req/s per round.
 */
import { parseArgs } from 'node:util';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import { createSchema, createYoga } from 'graphql-yoga';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../src/graph/cypher/grafeo-runner.js';
import { loadOntology } from '../src/graph/ontology/load.js';
import { applyOntology } from '../src/graph/ontology/plan.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import type { LinkUpsert, NodeUpsert } from '../src/graph/store.js';
import { createServer } from '../src/server.js';
import { createServices } from '../src/services.js';
import { rng } from './lib.js';
import { openKnowledge } from '../src/knowledge.js';

const { values } = parseArgs({
  options: {
    faults: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '10' },
    samples: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '2' },
  },
});
const FAULTS = Number(values.faults);
const DURATION = Number(values.duration);
/** Each HTTP run is repeated this many times, in alternating order, and averaged (noise). */
const ROUNDS = Number(values.rounds);
const CONNECTIONS = Number(values.connections);
const SAMPLES = Number(values.samples);
const ROOT = path.resolve(new URL('..', import.meta.url).pathname);

const FILLER_EN = [
  'after',
  'update',
  'since',
  'yesterday',
  'again',
  'keeps',
  'suddenly',
  'customer',
  'error',
  'please',
  'cannot',
  'slow',
  'restart',
  'login',
  'network',
  'device',
  'account',
  'message',
  'screen',
  'payment',
];
const FILLER_ZH = [
  '升级后',
  '昨天',
  '一直',
  '突然',
  '报错',
  '无法',
  '很慢',
  '重启',
  '登录',
  '网络',
  '设备',
  '账户',
  '提示',
  '屏幕',
  '付款',
  '又',
  '总是',
  '客户',
  '今天',
  '出现',
];

async function main(): Promise<void> {
  const rand = rng(11);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const loaded = await loadOntology(path.join(ROOT, 'ontology'));
  const ontology = loaded.ontology!;
  const faultConcepts = ontology.concepts.filter((c) => c.type === 'Fault');
  const store = new CypherStore(new GrafeoRunner({ dir: null }), schemaFromOntology(ontology));
  await store.migrate();
  await applyOntology(store, ontology);

  console.log(`bench:api — building a store with ${FAULTS} faults …`);
  let t = Date.now();
  const batch = 5000;
  for (let start = 0; start < FAULTS; start += batch) {
    const nodes: NodeUpsert[] = [];
    const links: LinkUpsert[] = [];
    for (let i = start; i < Math.min(FAULTS, start + batch); i++) {
      const c = pick(faultConcepts);
      const terms = [...Object.values(c.labels), ...Object.values(c.aliases).flat()];
      const zh = terms.filter((x) => /\p{Script=Han}/u.test(x));
      const en = terms.filter((x) => !/\p{Script=Han}/u.test(x));
      const phr = [
        `${pick(en.length ? en : terms)} ${pick(FILLER_EN)} ${pick(FILLER_EN)} ${i}`,
        `${pick(zh.length ? zh : terms)}${pick(FILLER_ZH)}${pick(FILLER_ZH)}`,
      ];
      const f = { type: 'Fault', id: `bf-${i}` };
      const k = { type: 'Cause', id: `bc-${i}` };
      const s = { type: 'Solution', id: `bs-${i}` };
      const kase = { type: 'Case', id: `bk-${i}` };
      nodes.push(
        {
          ...f,
          props: {
            title: phr[0]!,
            title_zh: phr[1]!,
            phrasings: phr,
            state: 'NOT_VALIDATED',
            product: null,
          },
        },
        { ...k, props: { text: `cause of ${phr[0]}` } },
        {
          ...s,
          props: {
            title: `fix ${i}`,
            steps: ['check', 'fix', 'verify'],
            helpful: Math.floor(rand() * 5),
          },
        },
        {
          ...kase,
          props: {
            subject: phr[0]!,
            createdAt: '2026-10-01T00:00:00Z',
            customerId: `c${i % 5000}`,
          },
        },
      );
      links.push(
        { type: 'INSTANCE_OF', from: f, to: { type: 'Concept', id: c.id } },
        { type: 'HAS_CAUSE', from: f, to: k },
        { type: 'RESOLVED_BY', from: k, to: s },
        { type: 'REPORTS', from: kase, to: f },
        { type: 'APPLIED', from: kase, to: s },
      );
    }
    await store.apply({ nodes });
    await store.apply({ links });
  }
  console.log(`  loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  const log = pino({ level: 'silent' });
  const { answers, job } = await openKnowledge({
    store,
    ontology,
    ontologyDir: path.join(ROOT, 'ontology'),
    log,
  });
  console.log(
    `  answer index built in ${((Date.now() - t) / 1000).toFixed(1)} s (${process.memoryUsage().rss >> 20} MiB RSS)`,
  );

  const questions = faultConcepts.flatMap((c) => [
    ...Object.values(c.labels),
    ...Object.values(c.aliases).flat(),
  ]);
  let qn = 0;
  const nextQuestion = () =>
    `${questions[qn++ % questions.length]!} ${pick(FILLER_EN)} ${pick(FILLER_ZH)} ${qn}`;

  // In-process, uncached (every question new). Warm up first (JIT, page cache).
  for (let i = 0; i < 200; i++) await answers.answer({ question: nextQuestion() });
  const lat: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const s = process.hrtime.bigint();
    await answers.answer({ question: nextQuestion() });
    lat.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  lat.sort((a, b) => a - b);
  const p = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))]!;

  // HTTP: the service, and bare yoga on another port.
  const config = loadConfig({ KG_AUTH: 'off', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' });
  const services = createServices({
    store,
    schema: schemaFromOntology(ontology),
    ontology,
    answers,
    job,
  });
  const server = createServer({ config, services, log });
  const port = await server.listen();
  const bareYoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { hello: String! }',
      resolvers: { Query: { hello: () => 'world' } },
    }),
    logging: false,
  });
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- yoga's listener, as in src/server.ts
  const bare = http.createServer(bareYoga);

  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as { port: number }).port;

  const run = async (name: string, url: string, body: string, unique: boolean) => {
    const r = await autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      idReplacement: unique,
      connections: CONNECTIONS,
      duration: DURATION,
      workers: 1,
    });
    const errors = r.errors + r.non2xx;
    return { name, rps: r.requests.average, p99: r.latency.p99, errors };
  };
  const answerQuery = (q: string) =>
    JSON.stringify({
      query:
        'query ($q: String!) { answer(input: { question: $q }) { candidates { fault { id } solution { id } confidence } } }',
      variables: { q },
    });

  const runs: [string, string, string, boolean][] = [
    [
      'bare yoga, constant resolver',
      `http://127.0.0.1:${barePort}/graphql`,
      JSON.stringify({ query: '{ hello }' }),
      false,
    ],
    [
      'answer, cached (one question)',
      `http://127.0.0.1:${port}/graphql`,
      answerQuery('服务器宕机了，电源模块坏了'),
      false,
    ],
    [
      'answer, uncached (new question each)',
      `http://127.0.0.1:${port}/graphql`,
      answerQuery('server down power module [<id>]'),
      true,
    ],
  ];
  // Rounds alternate the order (bare, cached, uncached; then backwards) so that a slow spell on
  // the shared machine does not land on one run only; each figure is the mean over the rounds.
  const byName = new Map<string, Awaited<ReturnType<typeof run>>[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const args of round % 2 === 0 ? runs : [...runs].reverse()) {
      const r = await run(...args);
      byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    }
  }
  const results = runs.map(([name]) => {
    const rs = byName.get(name)!;
    const mean = (f: (x: (typeof rs)[number]) => number) =>
      rs.reduce((a, x) => a + f(x), 0) / rs.length;
    return {
      name,
      rps: mean((x) => x.rps),
      p99: Math.round(mean((x) => x.p99)),
      errors: rs.reduce((a, x) => a + x.errors, 0),
      each: rs.map((x) => x.rps.toFixed(0)).join(' / '),
    };
  });
  await server.close();
  await new Promise((r) => bare.close(r));
  await store.close();

  console.log('');
  console.log(
    `in-process answer(), uncached, ${FAULTS} faults, n=${SAMPLES}: p50 ${p(0.5).toFixed(2)} ms, p99 ${p(0.99).toFixed(2)} ms, mean ${(lat.reduce((a, b) => a + b, 0) / lat.length).toFixed(2)} ms (target p99 ≤ 25 ms)`,
  );
  console.log('');
  console.log(
    `HTTP, autocannon ${CONNECTIONS} connections × ${DURATION} s on loopback, mean of ${ROUNDS} rounds:`,
  );
  console.log(
    'run                                   req/s     p99 ms   ratio to bare   errors   req/s per round',
  );
  const base = results[0]!.rps;
  for (const r of results) {
    console.log(
      `${r.name.padEnd(36)} ${r.rps.toFixed(0).padStart(7)} ${String(r.p99).padStart(9)}   ${(r.rps / base).toFixed(2).padStart(8)}×   ${String(r.errors).padStart(6)}   ${r.each}`,
    );
  }
  console.log('targets: cached ≥ 0.90×, uncached ≥ 0.50× of bare yoga');
  const cache = answers.cacheStats();
  console.log(
    `answer cache: ${cache.hits} hits, ${cache.misses} misses, ${cache.evictions} evictions, size ${cache.size}/${cache.max}`,
  );
}

await main();
