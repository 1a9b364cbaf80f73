import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClassifyContext, Role } from '../src/extract/classify/classifier.js';
import { MODEL_PATH, SentenceClassifier } from '../src/extract/classify/classifier.js';
import { CUE_LEXICON_HASH, cueFeatures } from '../src/extract/classify/cues.js';
import { FEATURE_CONFIG } from '../src/extract/classify/features.js';
import type { SentenceClassifierModel } from '../src/extract/classify/model.js';
import { modelVersion } from '../src/extract/classify/model.js';
import {
  hashTrainingData,
  readTrainingData,
  TRAINING_DIR,
  trainingFiles,
} from '../src/extract/classify/training-data.js';
import { normalizeText, Tokenizer } from '../src/text/index.js';

// Building a tokenizer loads jieba's dictionary: share one.
const tokenizer = new Tokenizer();
const classifier = SentenceClassifier.load({ tokenizer, strict: true });
const training = readTrainingData();

interface Case {
  text: string;
  role: Role;
  ctx?: ClassifyContext;
}

/** Hand-written for this test, deliberately not in the training data (asserted below). */
const HELD_OUT: Case[] = [
  // zh
  { text: '宽带一直连不上', role: 'symptom' },
  {
    text: '手机一充电就发烫，充一晚上才到百分之五十',
    role: 'symptom',
    ctx: { sender: 'customer' },
  },
  { text: '网银转账老是提示交易失败，钱也没扣', role: 'symptom', ctx: { sender: 'customer' } },
  { text: '电视盒子开机后一直卡在开机画面进不去', role: 'symptom' },
  {
    text: '你们的软件咋回事，保存文件就报错',
    role: 'symptom',
    ctx: { sender: 'customer', position: 'first' },
  },
  { text: '因为光猫老化导致掉线', role: 'cause' },
  { text: '经排查，故障原因是楼道里的交换机坏了', role: 'cause', ctx: { sender: 'agent' } },
  { text: '由于您的套餐流量已用完，所以网速被限制了', role: 'cause', ctx: { sender: 'agent' } },
  { text: '扣款失败是因为银行卡余额不足', role: 'cause' },
  { text: '请重启路由器后再试', role: 'solution' },
  { text: '建议您卸载后重新安装最新版本的客户端', role: 'solution', ctx: { sender: 'agent' } },
  { text: '已为您重新发货，快递单号会短信发送给您', role: 'solution', ctx: { sender: 'agent' } },
  { text: '您可以在设置里关闭省电模式，然后再试一下', role: 'solution', ctx: { sender: 'agent' } },
  { text: '您好', role: 'noise' },
  {
    text: '亲，在的，请问有什么可以帮您',
    role: 'noise',
    ctx: { sender: 'agent', position: 'first' },
  },
  { text: '好的，谢谢你们', role: 'noise', ctx: { sender: 'customer', position: 'last' } },
  { text: '麻烦私信一下您的手机号，我们帮您查询', role: 'noise', ctx: { sender: 'agent' } },
  { text: '工单已自动关闭，感谢您的耐心', role: 'noise' },
  // en
  { text: 'My broadband keeps disconnecting every evening', role: 'symptom' },
  {
    text: "The app won't let me log in, it says invalid token",
    role: 'symptom',
    ctx: { sender: 'customer' },
  },
  {
    text: 'Parcel was supposed to arrive Tuesday and tracking has not moved since',
    role: 'symptom',
  },
  { text: 'my laptop shuts down randomly when the battery is under 30%', role: 'symptom' },
  { text: 'The drops were caused by a faulty splitter in the street cabinet', role: 'cause' },
  {
    text: 'This happened because your plan does not include international roaming',
    role: 'cause',
    ctx: { sender: 'agent' },
  },
  { text: 'The root cause was an expired API key in the payment service', role: 'cause' },
  { text: 'Please restart the router and try again', role: 'solution', ctx: { sender: 'agent' } },
  { text: 'Go to Settings > Storage and clear the app cache, then reopen it', role: 'solution' },
  {
    text: "We've refunded the duplicate payment to your card",
    role: 'solution',
    ctx: { sender: 'agent' },
  },
  {
    text: 'Try resetting the printer by holding the power button for ten seconds',
    role: 'solution',
  },
  { text: 'Hello!', role: 'noise' },
  { text: 'please DM us', role: 'noise', ctx: { sender: 'agent' } },
  {
    text: 'Thanks so much, have a great weekend',
    role: 'noise',
    ctx: { sender: 'customer', position: 'last' },
  },
  {
    text: 'Could you provide your order number so we can check?',
    role: 'noise',
    ctx: { sender: 'agent' },
  },
  { text: 'This is an automated message. Your ticket has been closed.', role: 'noise' },
];

/** Must-pass cases named by the design. */
const MUST_PASS: Case[] = [
  { text: '您好！', role: 'noise' },
  { text: 'Hi there, thanks for reaching out!', role: 'noise', ctx: { sender: 'agent' } },
  {
    text: 'Please DM us your account details and we will look into it.',
    role: 'noise',
    ctx: { sender: 'agent' },
  },
  { text: '请私信我们您的宽带账号', role: 'noise', ctx: { sender: 'agent' } },
  { text: '因为光猫老化导致掉线', role: 'cause' },
  { text: '请重启路由器后再试', role: 'solution' },
  { text: '宽带一直连不上', role: 'symptom' },
];

describe('cueFeatures', () => {
  it('finds cues of every role in Chinese', () => {
    expect(cueFeatures('宽带一直连不上，打不开网页', 'zh').counts.symptom).toBeGreaterThanOrEqual(
      2,
    );
    expect(cueFeatures('因为光猫老化导致掉线', 'zh').counts.cause).toBeGreaterThanOrEqual(2);
    expect(cueFeatures('是线路老化造成的', 'zh').counts.cause).toBeGreaterThanOrEqual(1);
    expect(cueFeatures('建议您重启路由器', 'zh').counts.solution).toBeGreaterThanOrEqual(2);
    const noise = cueFeatures('您好，谢谢，不好意思', 'zh');
    expect(noise.counts.noise).toBe(3);
    expect(noise.noiseKinds).toEqual(['greeting', 'thanks', 'apology']);
    expect(noise.noiseOnly).toBe(true);
  });

  it('finds cues of every role in English', () => {
    expect(cueFeatures("My phone can't connect and keeps dropping", 'en').counts.symptom).toBe(3);
    expect(cueFeatures('It turned out to be caused by a faulty cable', 'en').counts.cause).toBe(3);
    expect(cueFeatures('Please restart the router and try again', 'en').counts.solution).toBe(3);
    const noise = cueFeatures('Hi, sorry for the wait. Thanks!', 'en');
    expect(noise.noiseKinds).toEqual(['greeting', 'thanks', 'apology']);
    expect(noise.noiseOnly).toBe(true);
  });

  it('resolves overlaps longest-first, so redirects do not count as instructions', () => {
    const zh = cueFeatures('请私信您的号码', 'zh');
    expect(zh.counts).toEqual({ symptom: 0, cause: 0, solution: 0, noise: 1 });
    expect(zh.matches[0]).toMatchObject({ role: 'noise', kind: 'redirect', text: '请私信' });
    const en = cueFeatures('Please DM us', 'en');
    expect(en.counts.solution).toBe(0);
    expect(en.noiseOnly).toBe(true);
    // 已为您反馈 (logged) is a redirect, 已为您解冻 (unfrozen) an action.
    expect(cueFeatures('已为您反馈', 'zh').counts.solution).toBe(0);
    expect(cueFeatures('已为您解冻账户', 'zh').counts.solution).toBeGreaterThanOrEqual(1);
  });

  it('ignores neutral phrases and flags quotes of the customer', () => {
    expect(cueFeatures('请问为什么总掉线', 'zh').counts.solution).toBe(0);
    expect(cueFeatures('please help, my wifi is down', 'en').counts.solution).toBe(0);
    expect(cueFeatures('您反映的宽带掉线问题', 'zh').quotesCustomer).toBe(true);
    expect(cueFeatures('The issue you reported is fixed', 'en').quotesCustomer).toBe(true);
  });

  it('is not noise-only when real content follows the pleasantries', () => {
    const f = cueFeatures('您好，您的包裹今天下午会送到小区门口的快递柜', 'zh');
    expect(f.counts.noise).toBeGreaterThan(0);
    expect(f.noiseOnly).toBe(false);
    expect(cueFeatures('亲戚家的宽带', 'zh').counts.noise).toBe(0);
  });

  it('matches the Chinese lexicon and embedded English in Chinese text, normalized', () => {
    expect(cueFeatures('登录一直报ERROR', 'zh').matches.map((m) => m.text)).toContain('error');
    expect(cueFeatures('ＷＩＦＩ连不上', 'zh').counts.symptom).toBe(1);
  });
});

describe('SentenceClassifier', () => {
  it('the committed model matches the committed training data, lexicon and features', () => {
    const model = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as SentenceClassifierModel;
    const hash = hashTrainingData();
    expect(model.trainingDataSha256).toBe(hash);
    expect(model.version).toBe(modelVersion(hash));
    expect(model.cueLexiconHash).toBe(CUE_LEXICON_HASH);
    expect(model.featureConfig).toEqual(FEATURE_CONFIG);
    expect(model.examples.total).toBe(training.examples.length);
    expect(classifier.version).toBe(model.version);
    expect(classifier.stale).toBeNull();
  });

  it('has valid, sufficient training data in both languages', () => {
    expect(training.errors).toEqual([]);
    for (const lang of ['zh', 'en'] as const) {
      const own = training.examples.filter((e) => e.lang === lang);
      expect(own.length).toBeGreaterThanOrEqual(400);
      for (const role of ['symptom', 'cause', 'solution', 'noise'] as const) {
        expect(own.filter((e) => e.role === role).length).toBeGreaterThanOrEqual(50);
      }
    }
  });

  it('test examples are not in the training data', () => {
    const trained = new Set(training.examples.map((e) => normalizeText(e.text)));
    for (const c of [...HELD_OUT, ...MUST_PASS])
      expect(trained.has(normalizeText(c.text))).toBe(false);
  });

  it.each(MUST_PASS)('must pass: "$text" → $role', ({ text, role, ctx }) => {
    expect(classifier.classify(text, ctx).role).toBe(role);
  });

  it('labels at least 90% of a hand-written held-out list correctly, in each language', () => {
    for (const lang of ['zh', 'en'] as const) {
      const cases = HELD_OUT.filter((c) => (/\p{Script=Han}/u.test(c.text) ? 'zh' : 'en') === lang);
      const wrong = cases
        .map((c) => ({ ...c, got: classifier.classify(c.text, c.ctx).role }))
        .filter((c) => c.got !== c.role)
        .map((c) => `${c.text} → ${c.got} (want ${c.role})`);
      expect(cases.length).toBeGreaterThanOrEqual(15);
      expect(wrong.length / cases.length, wrong.join('\n')).toBeLessThanOrEqual(0.1);
    }
  });

  it('returns scores that sum to 1 with the role as arg-max', () => {
    for (const c of HELD_OUT) {
      const r = classifier.classify(c.text, c.ctx);
      const sum = Object.values(r.scores).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 9);
      for (const v of Object.values(r.scores)) expect(v).toBeLessThanOrEqual(r.scores[r.role]);
    }
  });

  it('applies the cue rules: noise-only and empty texts are noise, agents do not state symptoms', () => {
    expect(classifier.classify('谢谢亲！[微笑]')).toMatchObject({
      role: 'noise',
      rule: 'noise-only',
    });
    expect(classifier.classify('👍👍')).toMatchObject({ role: 'noise', rule: 'empty' });
    const agent = classifier.classify('宽带一直连不上', { sender: 'agent' });
    expect(agent.role).not.toBe('symptom');
    expect(agent.scores.symptom).toBe(0);
    const quoting = classifier.classify('您反映的宽带一直连不上', { sender: 'agent' });
    expect(quoting.scores.symptom).toBeGreaterThan(0);
  });

  it('loads deterministically', () => {
    const again = SentenceClassifier.load({ tokenizer, strict: true });
    expect(again.version).toBe(classifier.version);
    for (const c of [...HELD_OUT, ...MUST_PASS]) {
      expect(again.classify(c.text, c.ctx)).toEqual(classifier.classify(c.text, c.ctx));
    }
  });

  describe('staleness', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-training-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('says the model is stale when the training data changed', () => {
      for (const name of trainingFiles()) copyFileSync(join(TRAINING_DIR, name), join(dir, name));
      expect(SentenceClassifier.load({ tokenizer, trainingDir: dir }).stale).toBeNull();
      writeFileSync(
        join(dir, 'zz-extra.jsonl'),
        `${JSON.stringify({ text: '新的例子', role: 'noise', lang: 'zh', sender: null })}\n`,
      );
      const stale = SentenceClassifier.load({ tokenizer, trainingDir: dir, warn: false });
      expect(stale.stale).toMatch(/training data changed/);
      expect(() => SentenceClassifier.load({ tokenizer, trainingDir: dir, strict: true })).toThrow(
        /stale/,
      );
    });
  });
});
