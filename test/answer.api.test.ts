import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import type { GraphStore } from '../src/graph/store.js';
import { createServer, type Server } from '../src/server.js';
import { createServices } from '../src/services.js';
import { answerMetrics } from '../src/answer/metrics.js';
import { maximalTerms } from '../src/answer/answer-service.js';
import { Tokenizer } from '../src/text/index.js';
import { seededAnswerService, seedQuestions, servicesOf, type Seeded } from './support/seeded.js';

/**
 * The answer API end to end through `yoga.fetch()`: the shipped ontology and seed in an in-memory
 * embedded store, the real answer service, auth with one key per role.
 */
const KEYS = {
  bot: 'bot-key-0123456789abcdef',
  curator: 'curator-key-0123456789abcdef',
  importer: 'importer-key-0123456789abcdef',
};

let seeded: Seeded;
/** The answer service's clock (the repeat-inquiry window is measured from it). */
let now = new Date('2026-11-01T00:00:00Z');
let server: Server;
/** Store calls per method, counted through a proxy (DataLoader batching test). */
const calls = new Map<string, number>();

function countingStore(store: GraphStore): GraphStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

interface GqlResult<T> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  role: keyof typeof KEYS | null = 'bot',
): Promise<GqlResult<T>> {
  const res = await server.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(role ? { authorization: `Bearer ${KEYS[role]}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: GqlResult<T>['errors'] };
  return { status: res.status, data: body.data, errors: body.errors };
}

const ANSWER = `query ($input: AnswerInput!) {
  answer(input: $input) {
    lang cached
    candidates {
      rank score confidence evidenceCount successRate matchedTerms provenance steps
      fault { id title } cause { id } solution { id title steps }
      conceptPath { id label }
    }
    clarifyingQuestion { text attribute informationGain options { label conceptId faultIds } }
    repeatInquiry { isRepeat count previousCaseIds faultId windowDays }
    handoff { recommended reasons matchedTerms }
  }
}`;

interface AnswerData {
  answer: {
    lang: string;
    cached: boolean;
    candidates: {
      rank: number;
      score: number;
      confidence: number;
      evidenceCount: number;
      successRate: number | null;
      matchedTerms: string[];
      provenance: string[];
      steps: string[];
      fault: { id: string; title: string };
      cause: { id: string } | null;
      solution: { id: string; title: string; steps: string[] } | null;
      conceptPath: { id: string; label: string }[];
    }[];
    clarifyingQuestion: {
      text: string;
      attribute: string;
      informationGain: number;
      options: { label: string; faultIds: string[] }[];
    } | null;
    repeatInquiry: {
      isRepeat: boolean;
      count: number;
      previousCaseIds: string[];
      faultId: string | null;
      windowDays: number;
    } | null;
    handoff: { recommended: boolean; reasons: string[]; matchedTerms: string[] };
  };
}

const ask = (input: Record<string, unknown>, role: keyof typeof KEYS | null = 'bot') =>
  gql<AnswerData>(ANSWER, { input }, role);

beforeAll(async () => {
  seeded = await seededAnswerService({}, () => now);
  const config = loadConfig({
    KG_AUTH: 'on',
    KG_API_KEYS: `b:bot:${KEYS.bot},c:curator:${KEYS.curator},i:importer:${KEYS.importer}`,
    LOG_LEVEL: 'silent',
  });
  const services = createServices({
    store: countingStore(seeded.store),
    schema: schemaFromOntology(seeded.ontology),
    ontology: seeded.ontology,
    answers: seeded.answers,
    job: seeded.job,
  });
  server = createServer({
    config,
    services,
    log: pino({ level: 'silent' }),
    metrics: answerMetrics(seeded.answers),
  });
});

afterAll(async () => {
  await seeded.close();
});

describe('answer: the seed questions', () => {
  it('puts the expected fault first for ≥ 90 % of the new questions, in each language', async () => {
    const questions = seedQuestions();
    const score: Record<string, { hit: number; n: number }> = {
      zh: { hit: 0, n: 0 },
      en: { hit: 0, n: 0 },
    };
    for (const q of questions) {
      const a = await seeded.answers.answer({
        question: q.question,
        product: q.product,
        lang: q.lang,
      });
      score[q.lang]!.n++;
      if (a.candidates[0]?.faultId === q.expected.fault) score[q.lang]!.hit++;
    }
    expect(score.zh!.n).toBeGreaterThanOrEqual(15);
    expect(score.en!.n).toBeGreaterThanOrEqual(15);
    expect(score.zh!.hit / score.zh!.n).toBeGreaterThanOrEqual(0.9);
    expect(score.en!.hit / score.en!.n).toBeGreaterThanOrEqual(0.9);
  });

  it('finds a fault learnt only from English tickets with a Chinese question, and the reverse', async () => {
    // flt-kernel-panic has only English tickets; flt-pppoe-691 only Chinese ones (seed/README.md).
    const zh = await ask({ question: '云服务器升级内核以后起不来了，控制台显示内核崩溃' });
    expect(zh.data.answer.candidates[0]!.fault.id).toBe('flt-kernel-panic');
    expect(zh.data.answer.lang).toBe('zh');
    const en = await ask({ question: 'Broadband dial-up fails with PPPoE error 691' });
    expect(en.data.answer.candidates[0]!.fault.id).toBe('flt-pppoe-691');
    // The steps are in the only language the fault was learnt in.
    expect(en.data.answer.candidates[0]!.steps.join(' ')).toMatch(/\p{Script=Han}/u);
  });
});

describe('answer: matched terms', () => {
  it('lists each matched term once and none that is part of another one listed', async () => {
    // jieba also emits the words inside 充不进电 (充不, 不进, 进电); stems sit inside aliases.
    for (const question of ['手机充不进电，换了充电线也不行', 'my phone will not charge']) {
      const r = await ask({ question });
      const terms = r.data.answer.candidates[0]!.matchedTerms;
      expect(terms.length, question).toBeGreaterThan(0);
      const tokenizer = new Tokenizer();
      const inside = terms.filter((t) =>
        terms.some((u) => u !== t && tokenizer.terms(u).includes(t)),
      );
      expect(inside, question).toEqual([]);
      expect(new Set(terms).size).toBe(terms.length);
    }
  });

  it('keeps a term that is only a substring of another one, not one of its words', () => {
    const split = (t: string) => t.split(' ');
    expect(maximalTerms(['port', 'support', 'won', "won't charge", 'charge'], split)).toEqual([
      'port',
      'support',
      'won',
      "won't charge",
    ]);
    // Han has no spaces: a Han term inside a longer one is one of its words, however segmented.
    expect(maximalTerms(['服务器', '电源', '服务器宕机', '宕机'], (t) => [t])).toEqual([
      '电源',
      '服务器宕机',
    ]);
  });
});

describe('answer: a candidate', () => {
  it('has the fault, cause, solution with steps, calibrated confidence, evidence, concept path and provenance', async () => {
    const r = await ask({ question: '服务器突然宕机，控制台有电源告警', first: 3 });
    expect(r.errors).toBeUndefined();
    const [top, ...rest] = r.data.answer.candidates;
    expect(top!.fault.id).toBe('flt-server-down-psu');
    expect(top!.rank).toBe(1);
    expect(top!.solution!.steps.length).toBeGreaterThan(1);
    expect(top!.steps).toEqual(expect.arrayContaining([expect.stringMatching(/\p{Script=Han}/u)]));
    expect(top!.cause).not.toBeNull();
    expect(top!.confidence).toBeGreaterThan(0);
    expect(top!.confidence).toBeLessThanOrEqual(1);
    for (const c of rest) expect(c.confidence).toBeLessThanOrEqual(top!.confidence);
    expect(top!.evidenceCount).toBeGreaterThanOrEqual(2);
    expect(top!.successRate).toBeGreaterThan(0);
    expect(top!.conceptPath.map((c) => c.label)).toEqual(['电源模块', '硬件故障', '服务器宕机']);
    expect(top!.matchedTerms.length).toBeGreaterThan(0);
    expect(top!.provenance).toHaveLength(top!.evidenceCount);
    const fault = await gql<{ fault: { cases: { id: string }[] } }>(
      'query ($id: ID!) { fault(id: $id) { cases { id } } }',
      { id: top!.fault.id },
    );
    expect(fault.data.fault.cases.map((c) => c.id).sort()).toEqual([...top!.provenance].sort());
  });

  it('returns `first` candidates (default 3, max 20) and rejects bad arguments as BAD_USER_INPUT', async () => {
    expect((await ask({ question: 'phone problem' })).data.answer.candidates).toHaveLength(3);
    expect(
      (await ask({ question: 'phone problem', first: 5 })).data.answer.candidates,
    ).toHaveLength(5);
    for (const input of [
      { question: 'x', first: 21 },
      { question: 'x', first: 0 },
      { question: '   ' },
      { question: 'x', product: 'no-such-product' },
    ]) {
      const r = await ask(input);
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
  });

  it('scopes by product given as id, concept id or name', async () => {
    for (const product of ['prod-home-broadband', 'home-broadband', '家庭宽带']) {
      const r = await ask({ question: 'no internet since this morning', product });
      expect(r.errors).toBeUndefined();
      expect(r.data.answer.candidates.every((c) => c.fault.id !== 'flt-ssh-login-failure')).toBe(
        true,
      );
    }
  });
});

describe('answer: clarifying question', () => {
  it('asks the question that best splits close candidates, with options narrowing to each', async () => {
    const r = await ask({ question: 'no internet' });
    const q = r.data.answer.clarifyingQuestion;
    expect(q).not.toBeNull();
    expect(q!.informationGain).toBeGreaterThan(0);
    const top2 = r.data.answer.candidates.slice(0, 2).map((c) => c.fault.id);
    const covered = q!.options.flatMap((o) => o.faultIds);
    expect(covered).toEqual(expect.arrayContaining(top2));
    for (const o of q!.options) expect(o.faultIds.length).toBeLessThan(covered.length);
    expect(q!.text).toMatch(/\?$/);
  });

  it('does not ask when one candidate clearly leads', async () => {
    const r = await ask({ question: '手机充不进电，插上充电器没反应' });
    expect(r.data.answer.clarifyingQuestion).toBeNull();
  });
});

describe('answer: repeat inquiry and handoff', () => {
  it('flags a customer who already had cases on the same fault within the window, and hands off from 2', async () => {
    // C077 has three seed tickets on one fault within a week.
    const first = await ask({ question: 'test', customerId: 'nobody' });
    expect(first.data.answer.repeatInquiry).toMatchObject({ isRepeat: false, count: 0 });
    const cases = await seeded.store.customerCases('C077', '2026-01-01T00:00:00Z');
    expect(cases.length).toBeGreaterThanOrEqual(3);
    const faultId = cases[0]!.faults[0]!;
    // One day after the customer's last case: all of them fall in the 7-day window.
    now = new Date(new Date(cases.at(-1)!.createdAt).getTime() + 86_400_000);
    const [fault] = await seeded.store.loadFaults([faultId]);
    const title = String(fault!.props.title_zh ?? fault!.props.title);
    const r = await ask({ question: title, customerId: 'C077' });
    expect(r.data.answer.candidates[0]!.fault.id).toBe(faultId);
    expect(r.data.answer.repeatInquiry).toMatchObject({ isRepeat: true, faultId, windowDays: 7 });
    expect(r.data.answer.repeatInquiry!.count).toBeGreaterThanOrEqual(2);
    expect(r.data.answer.repeatInquiry!.previousCaseIds).toEqual(
      expect.arrayContaining([cases.at(-1)!.id]),
    );
    expect(r.data.answer.handoff.reasons).toContain('REPEAT_INQUIRY');
    expect(r.data.answer.handoff.recommended).toBe(true);
    // Thirty days later the earlier cases are outside the window.
    now = new Date(now.getTime() + 30 * 86_400_000);
    const later = await ask({ question: title, customerId: 'C077' });
    expect(later.data.answer.repeatInquiry).toMatchObject({ isRepeat: false, count: 0 });
    expect(later.data.answer.handoff.reasons).not.toContain('REPEAT_INQUIRY');
  });

  it('recommends a handoff for complaint, refund and human-request phrases in either language', async () => {
    const cases: [string, string][] = [
      ['我要投诉，宽带老是断线', 'COMPLAINT'],
      ['扣了两次费，必须退款', 'REFUND'],
      ['转人工，我不想和机器人说话', 'HUMAN_REQUEST'],
      ['This is unacceptable, I want to file a complaint', 'COMPLAINT'],
      ['I want a refund for the outage', 'REFUND'],
      ['let me talk to a human please', 'HUMAN_REQUEST'],
    ];
    for (const [question, reason] of cases) {
      const r = await ask({ question });
      expect(r.data.answer.handoff.reasons, question).toContain(reason);
      expect(r.data.answer.handoff.recommended).toBe(true);
    }
  });

  it('recommends a handoff when nothing matches well', async () => {
    const r = await ask({ question: 'qwzx blorf' });
    expect(r.data.answer.handoff.recommended).toBe(true);
    expect(
      r.data.answer.handoff.reasons.some((x) => x === 'NO_ANSWER' || x === 'LOW_CONFIDENCE'),
    ).toBe(true);
    const fine = await ask({ question: '手机充不进电，插上充电器没反应' });
    expect(fine.data.answer.handoff).toEqual({ recommended: false, reasons: [], matchedTerms: [] });
  });
});

describe('answer cache', () => {
  it('serves a repeated question from the cache and counts hits and misses', async () => {
    const q = { question: 'my phone gets very hot while charging' };
    const before = (
      await gql<{ cacheStats: { hits: number; misses: number } }>('{ cacheStats { hits misses } }')
    ).data.cacheStats;
    expect((await ask(q)).data.answer.cached).toBe(false);
    expect((await ask(q)).data.answer.cached).toBe(true);
    const after = (
      await gql<{ cacheStats: { hits: number; misses: number; size: number } }>(
        '{ cacheStats { hits misses size } }',
      )
    ).data.cacheStats;
    expect(after.hits).toBe(before.hits + 1);
    expect(after.misses).toBe(before.misses + 1);
    const metrics = await (await server.yoga.fetch('http://localhost/metrics')).text();
    expect(metrics).toContain(`kg_answer_cache_hits_total ${after.hits}`);
    expect(metrics).toContain(`kg_answer_cache_misses_total ${after.misses}`);
    expect(metrics).toMatch(/kg_answer_cache_invalidations_total \d+/);
    expect(metrics).toContain('kg_answer_index_ready 1');
  });

  it('keeps an answer cached across an unrelated write, and recomputes it after a write to a fault it used', async () => {
    const q = { question: '宽带拨号提示691错误' };
    const a1 = (await ask(q)).data.answer;
    const top = a1.candidates[0]!;
    expect((await ask(q)).data.answer.cached).toBe(true);
    // Unrelated: feedback on a smartphone solution.
    const unrelated = await gql(
      'mutation { recordFeedback(solutionId: "sol-replace-battery", outcome: HELPFUL) { id } }',
    );
    expect(unrelated.errors).toBeUndefined();
    expect((await ask(q)).data.answer.cached).toBe(true);
    // Related: feedback on the recommended solution changes its success rate.
    const fb = await gql<{ recordFeedback: { successRate: number; notHelpful: number } }>(
      'mutation ($id: ID!) { recordFeedback(solutionId: $id, outcome: NOT_HELPFUL) { successRate notHelpful } }',
      { id: top.solution!.id },
    );
    expect(fb.data.recordFeedback.notHelpful).toBe(1);
    expect(fb.data.recordFeedback.successRate).toBeLessThan(top.successRate!);
    const a2 = (await ask(q)).data.answer;
    expect(a2.cached).toBe(false);
    // The recomputed answer reflects the new outcome: the same solution with its lower success
    // rate, or another solution that now ranks above it.
    const same = a2.candidates[0]!.solution!.id === top.solution!.id;
    if (same) expect(a2.candidates[0]!.successRate).toBe(fb.data.recordFeedback.successRate);
    else expect(a2.candidates[0]!.successRate).toBeGreaterThan(fb.data.recordFeedback.successRate);
    const stats = (
      await gql<{ cacheStats: { invalidations: number } }>('{ cacheStats { invalidations } }')
    ).data.cacheStats;
    expect(stats.invalidations).toBeGreaterThan(0);
  });

  it('recomputes after a retraction removes evidence of a fault the answer used', async () => {
    const q = { question: 'My phone is stuck in a boot loop after the update' };
    const a1 = (await ask(q)).data.answer;
    const top = a1.candidates[0]!;
    const r = await gql<{ retractCase: { caseId: string } }>(
      'mutation ($id: ID!) { retractCase(id: $id) { caseId archived { type id } } }',
      { id: top.provenance[0] },
      'curator',
    );
    expect(r.errors).toBeUndefined();
    const a2 = (await ask(q)).data.answer;
    expect(a2.cached).toBe(false);
    expect(a2.candidates[0]!.evidenceCount).toBe(top.evidenceCount - 1);
  });
});

describe('response cache (src/http/response-cache.ts)', () => {
  /** Raw response body of an answer request (the response cache replays bytes). */
  async function raw(input: Record<string, unknown>, role: keyof typeof KEYS | null = 'bot') {
    const res = await server.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(role ? { authorization: `Bearer ${KEYS[role]}` } : {}),
      },
      body: JSON.stringify({ query: ANSWER, variables: { input } }),
    });
    return res.text();
  }
  async function counters() {
    const text = await (await server.yoga.fetch('http://localhost/metrics')).text();
    const read = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1]);
    return {
      hits: read('kg_response_cache_hits_total'),
      stale: read('kg_response_cache_stale_total'),
      answerHits: read('kg_answer_cache_hits_total'),
    };
  }

  it('replays a repeated request whose answers are cached, counting an answer-cache hit and demand', async () => {
    const q = { question: 'the screen of my phone flickers after the update' };
    const first = JSON.parse(await raw(q)) as { data: AnswerData };
    expect(first.data.answer.cached).toBe(false);
    const second = await raw(q); // from the answer cache: kept by the response cache
    expect((JSON.parse(second) as { data: AnswerData }).data.answer.cached).toBe(true);
    const top = first.data.answer.candidates[0]!.fault.id;
    const before = { ...(await counters()), demand: seeded.answers.demandOf('Fault', top) };
    const third = await raw(q);
    const after = await counters();
    expect(third).toBe(second);
    expect(after.hits).toBe(before.hits + 1);
    expect(after.answerHits).toBe(before.answerHits + 1);
    expect(seeded.answers.demandOf('Fault', top)).toBe(before.demand + 1);
  });

  it('never replays an answer a graph write touched, and keeps replaying across unrelated writes', async () => {
    const q = { question: '拨号上网一直报错691怎么办' };
    await raw(q);
    await raw(q);
    const a = (JSON.parse(await raw(q)) as { data: AnswerData }).data.answer;
    const top = a.candidates[0]!;
    const c0 = await counters();
    await gql(
      'mutation { recordFeedback(solutionId: "sol-replace-battery", outcome: HELPFUL) { id } }',
    );
    await raw(q);
    const c1 = await counters();
    expect(c1.hits).toBe(c0.hits + 1);
    const fb = await gql<{ recordFeedback: { successRate: number } }>(
      'mutation ($id: ID!) { recordFeedback(solutionId: $id, outcome: NOT_HELPFUL) { successRate } }',
      { id: top.solution!.id },
    );
    const b = (JSON.parse(await raw(q)) as { data: AnswerData }).data.answer;
    const c2 = await counters();
    expect(b.cached).toBe(false);
    expect(c2.hits).toBe(c1.hits);
    expect(c2.stale).toBe(c1.stale + 1);
    const same = b.candidates.find((c) => c.solution?.id === top.solution!.id);
    if (same) expect(same.successRate).toBe(fb.data.recordFeedback.successRate);
  });

  it('KG_RESPONSE_CACHE_MAX=0 turns it off (the answer cache still answers)', async () => {
    const off = createServer({
      config: loadConfig({ KG_AUTH: 'off', KG_RESPONSE_CACHE_MAX: '0', LOG_LEVEL: 'silent' }),
      services: servicesOf(seeded),
      log: pino({ level: 'silent' }),
    });
    const body = JSON.stringify({
      query: ANSWER,
      variables: { input: { question: 'phone is hot' } },
    });
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await off.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      texts.push(await res.text());
    }
    expect((JSON.parse(texts[2]!) as { data: AnswerData }).data.answer.cached).toBe(true);
    const metrics = await (await off.yoga.fetch('http://localhost/metrics')).text();
    expect(metrics).toMatch(/^kg_response_cache_hits_total 0$/m);
    expect(metrics).toMatch(/^kg_response_cache_entries 0$/m);
  });

  it('never replays answers with a customerId, mixed queries, nested store reads, or to a caller who may not read', async () => {
    const c0 = await counters();
    const q = { question: 'my phone overheats when gaming', customerId: 'C-RESP-1' };
    for (let i = 0; i < 3; i++) await raw(q);
    const mixed = `query ($input: AnswerInput!) { answer(input: $input) { cached } cacheStats { hits } }`;
    for (let i = 0; i < 3; i++) await gql(mixed, { input: { question: 'phone overheats' } });
    const nested = `query ($input: AnswerInput!) { answer(input: $input) { candidates { fault { id cases { id } } } } }`;
    for (let i = 0; i < 3; i++) await gql(nested, { input: { question: 'phone overheats' } });
    expect((await counters()).hits).toBe(c0.hits);
    const plain = { question: 'wifi is weak in the bedroom' };
    for (let i = 0; i < 3; i++) await raw(plain);
    const c1 = await counters();
    expect(c1.hits).toBe(c0.hits + 1);
    const anonymous = JSON.parse(await raw(plain, null)) as {
      errors?: { extensions?: { code?: string } }[];
    };
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await counters()).hits).toBe(c1.hits);
  });
});

describe('browse', () => {
  it('loads 20 faults with causes and solutions in a bounded number of store calls', async () => {
    const ids = (await seeded.store.scanNodes('Fault', null, 20)).map((f) => f.id);
    expect(ids).toHaveLength(20);
    const storeCalls = async (faultIds: string[]) => {
      calls.clear();
      const r = await gql<{
        faults: { id: string; causes: { id: string }[]; solutions: { id: string }[] }[];
      }>(
        'query ($ids: [ID!]!) { faults(ids: $ids) { id title causes { id text solutions { id title } } solutions { id steps } } }',
        { ids: faultIds },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data.faults).toHaveLength(faultIds.length);
      return { total: [...calls.values()].reduce((a, b) => a + b, 0), data: r.data };
    };
    const twenty = await storeCalls(ids);
    expect(twenty.data.faults.filter((f) => f.causes.length > 0).length).toBeGreaterThan(5);
    // One call per level of the query: faults; their HAS_CAUSE and RESOLVED_BY links; causes;
    // the causes' RESOLVED_BY links; solutions (reached at two levels, so at most two batches).
    expect(twenty.total).toBeLessThanOrEqual(7);
    // …whatever the number of faults (2 faults may need one batch fewer, never more).
    expect((await storeCalls(ids.slice(0, 2))).total).toBeLessThanOrEqual(twenty.total);
  });

  it('shows a concept with parents, children and instances', async () => {
    const r = await gql<{
      concept: {
        label: string;
        parents: { id: string }[];
        children: { id: string }[];
        instances: { type: string; id: string }[];
        instanceCount: number;
      };
    }>(
      '{ concept(id: "hardware-fault") { label(lang: zh) parents { id } children { id } instances { type id } instanceCount } }',
    );
    expect(r.data.concept.label).toBe('硬件故障');
    expect(r.data.concept.parents.map((p) => p.id)).toEqual(['server-down']);
    expect(r.data.concept.children.map((c) => c.id)).toContain('power-module');
    const pm = await gql<{ concept: { instances: { type: string; id: string }[] } }>(
      '{ concept(id: "power-module") { instances { type id } } }',
    );
    expect(pm.data.concept.instances).toContainEqual({ type: 'Fault', id: 'flt-server-down-psu' });
    expect(
      (await gql<{ concept: null }>('{ concept(id: "nope") { id } }')).data.concept,
    ).toBeNull();
  });

  it('pages concepts as a Relay connection, with search over labels and aliases in both languages', async () => {
    const p1 = await gql<{
      concepts: {
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
        totalCount: number;
      };
    }>(
      '{ concepts(first: 5) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } totalCount } }',
    );
    expect(p1.data.concepts.edges).toHaveLength(5);
    expect(p1.data.concepts.pageInfo.hasNextPage).toBe(true);
    const p2 = await gql<{
      concepts: { edges: { node: { id: string } }[]; pageInfo: { hasPreviousPage: boolean } };
    }>(
      'query ($after: String) { concepts(first: 5, after: $after) { edges { node { id } } pageInfo { hasPreviousPage } } }',
      { after: p1.data.concepts.pageInfo.endCursor },
    );
    expect(p2.data.concepts.pageInfo.hasPreviousPage).toBe(true);
    const all = [...p1.data.concepts.edges, ...p2.data.concepts.edges].map((e) => e.node.id);
    expect(all).toEqual([...all].sort());
    expect(new Set(all).size).toBe(10);
    const zh = await gql<{ concepts: { edges: { node: { id: string } }[] } }>(
      '{ concepts(search: "电源") { edges { node { id } } } }',
    );
    expect(zh.data.concepts.edges.map((e) => e.node.id)).toContain('power-module');
    const en = await gql<{ concepts: { edges: { node: { id: string } }[] } }>(
      '{ concepts(search: "PSU") { edges { node { id } } } }',
    );
    expect(en.data.concepts.edges.map((e) => e.node.id)).toContain('power-module');
    const bad = await gql('{ concepts(after: "garbage") { totalCount } }');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows cause, solution and case with their links, and the ontology tier', async () => {
    const r = await gql<{
      solution: { resolves: { __typename: string; id: string }[]; cases: { id: string }[] };
      ontology: {
        version: string;
        types: { name: string }[];
        relations: { name: string; from: string[]; to: string[] }[];
      };
    }>(
      '{ solution(id: "sol-replace-psu") { resolves { __typename ... on Fault { id } ... on Cause { id } } cases { id } } ontology { version types { name } relations { name from to } } }',
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.solution.resolves.length).toBeGreaterThan(0);
    expect(r.data.ontology.relations).toContainEqual({
      name: 'HAS_CAUSE',
      from: ['Fault'],
      to: ['Cause'],
    });
    const c = await gql<{ case: { faults: { id: string }[]; solutions: { id: string }[] } }>(
      '{ case(id: "T0001") { faults { id } solutions { id } } }',
    );
    expect(c.data.case.faults).toHaveLength(1);
    expect(c.data.case.solutions.length).toBeGreaterThan(0);
  });
});

describe('mutations: errors and roles', () => {
  beforeEach(() => calls.clear());

  it('answers NOT_FOUND for unknown solutions and cases', async () => {
    const r = await gql('mutation { recordFeedback(solutionId: "nope", outcome: HELPFUL) { id } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const k = await gql('mutation { retractCase(id: "nope") { caseId } }', {}, 'curator');
    expect(k.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lets a bot read and give feedback but not retract; curators retract; no key is UNAUTHENTICATED', async () => {
    const noKey = await ask({ question: 'phone problem' }, null);
    expect(noKey.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const botRetract = await gql('mutation { retractCase(id: "T0002") { caseId } }', {}, 'bot');
    expect(botRetract.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const importerRetract = await gql(
      'mutation { retractCase(id: "T0002") { caseId } }',
      {},
      'importer',
    );
    expect(importerRetract.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const curator = await gql<{ retractCase: { caseId: string } }>(
      'mutation { retractCase(id: "T0002") { caseId } }',
      {},
      'curator',
    );
    expect(curator.data.retractCase.caseId).toBe('T0002');
    for (const role of ['bot', 'curator', 'importer'] as const) {
      const fb = await gql(
        'mutation { recordFeedback(solutionId: "sol-replace-psu", outcome: HELPFUL) { id } }',
        {},
        role,
      );
      expect(fb.errors, role).toBeUndefined();
    }
  });
});
