import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CHINESE_NEGATIONS,
  CHINESE_STOP_WORDS,
  ENGLISH_STOP_WORDS,
  Tokenizer,
  detectLanguage,
  hanShare,
  normalizeText,
  splitSentences,
} from '../src/text/index.js';

const ONE_MB = 1_000_000;

/** Repeats `unit` until the result is at least 1 MB of UTF-16 code units. */
function oneMegabyte(unit: string): { text: string; copies: number } {
  const copies = Math.ceil(ONE_MB / unit.length);
  return { text: unit.repeat(copies), copies };
}

// Building a tokenizer loads jieba's dictionary; share one where tests do not add words.
const tokenizer = new Tokenizer();

describe('detectLanguage / hanShare', () => {
  it('detects Chinese, English and Chinese with embedded English', () => {
    expect(detectLanguage('路由器指示灯一直闪红灯')).toBe('zh');
    expect(detectLanguage('The router keeps blinking red')).toBe('en');
    // 3 Han characters against 7 Latin letters: exactly the 0.3 threshold.
    expect(hanShare('ECS实例 down 了')).toBeCloseTo(0.3, 10);
    expect(detectLanguage('ECS实例 down 了')).toBe('zh');
  });

  it('keeps English text quoting a short Chinese label English', () => {
    expect(detectLanguage('the 光猫 status light turned red overnight')).toBe('en');
  });

  it('defaults to en without letters and ignores digits and punctuation', () => {
    expect(detectLanguage('')).toBe('en');
    expect(hanShare('')).toBe(0);
    expect(detectLanguage('404 500 !!!')).toBe('en');
    expect(hanShare('404 错误!')).toBe(1);
  });
});

describe('normalizeText', () => {
  it('folds full-width Latin and digits to lower-case ASCII', () => {
    expect(normalizeText('ＡＢＣ１２３')).toBe('abc123');
    expect(normalizeText('ＰＰＰｏＥ拨号')).toBe('pppoe拨号');
  });

  it('removes zero-width and control characters', () => {
    expect(normalizeText('服务\u200b器')).toBe('服务器');
    expect(normalizeText('\ufeffre\u200dboot\u2060ed')).toBe('rebooted');
    expect(normalizeText('disk\u0007 full\u0000')).toBe('disk full');
  });

  it('collapses and trims whitespace, including the ideographic space', () => {
    expect(normalizeText('  Port \t 8080\n\n is  closed ')).toBe('port 8080 is closed');
    expect(normalizeText('光猫\u3000重启')).toBe('光猫 重启');
  });

  it('keeps line breaks on request, one per run of blank lines', () => {
    expect(normalizeText(' first  line \r\n\r\n  second\u2028third ', { keepNewlines: true })).toBe(
      'first line\nsecond\nthird',
    );
  });

  it('maps full-width punctuation through NFKC and leaves 。、 alone', () => {
    expect(normalizeText('重启后，还是不行！')).toBe('重启后,还是不行!');
    expect(normalizeText('换了网线。')).toBe('换了网线。');
    expect(normalizeText('路由器、光猫')).toBe('路由器、光猫');
  });
});

describe('splitSentences', () => {
  it('splits Chinese on 。！？；', () => {
    expect(splitSentences('光猫红灯亮了。重启也没用！怎么处理？先换根网线；再试试')).toEqual([
      '光猫红灯亮了。',
      '重启也没用！',
      '怎么处理？',
      '先换根网线；',
      '再试试',
    ]);
  });

  it('splits English on terminators but not inside versions, decimals or abbreviations', () => {
    expect(
      splitSentences(
        'Upgrade the agent to v2.1 first. The restart takes 3.5 minutes, e.g. on small hosts. ' +
          'Mr. Zhao confirmed it, i.e. the fix works! Done?',
      ),
    ).toEqual([
      'Upgrade the agent to v2.1 first.',
      'The restart takes 3.5 minutes, e.g. on small hosts.',
      'Mr. Zhao confirmed it, i.e. the fix works!',
      'Done?',
    ]);
  });

  it('splits on newlines, trims, and drops empty or punctuation-only pieces', () => {
    expect(splitSentences('  first line  \n\n\r\nsecond line\n!!\n  ')).toEqual([
      'first line',
      'second line',
    ]);
  });

  it('splits mixed text, keeps closing quotes, and ignores ? inside URLs', () => {
    expect(
      splitSentences('客户说：“还是掉线。”Open https://example.com/kb?id=42 now.然后重启光猫'),
    ).toEqual(['客户说：“还是掉线。”', 'Open https://example.com/kb?id=42 now.', '然后重启光猫']);
  });

  it('gives the same sentences before and after normalization', () => {
    const raw = '拨号报错691！账号密码核对过了？ 还是不行';
    expect(splitSentences(normalizeText(raw))).toEqual(
      splitSentences(raw).map((s) => normalizeText(s)),
    );
  });

  it('handles 1 MB of mixed text in one pass', () => {
    const { text, copies } = oneMegabyte('网关掉线了。Check v1.2 config, e.g. DNS. 重启后恢复\n');
    expect(splitSentences(text)).toHaveLength(copies * 3);
  });

  it('handles 1 MB without any terminator or whitespace', () => {
    const { text } = oneMegabyte('a.b');
    expect(splitSentences(text)).toEqual([text]);
  });
});

describe('Tokenizer.tokens', () => {
  it('segments Chinese with jieba and drops particles and punctuation', () => {
    // jieba's default dictionary already holds 电源模块, so no user word is needed here.
    const tokens = tokenizer.tokens('服务器宕机了，电源模块坏了');
    expect(tokens).toEqual(expect.arrayContaining(['服务器', '宕机', '电源模块']));
    expect(tokens).not.toContain('了');
    expect(tokens).not.toContain(',');
    expect(tokens).not.toContain('电源');
  });

  it('stems and lower-cases English', () => {
    expect(tokenizer.tokens('The servers keep crashing')).toEqual(['server', 'keep', 'crash']);
  });

  it('drops stop words in both languages and ticket pleasantries', () => {
    expect(tokenizer.tokens('Please check whether the router is up, thanks')).toEqual([
      'check',
      'whether',
      'router',
      'up',
    ]);
    expect(tokenizer.tokens('您好，我的光猫无法上网，请问怎么办？谢谢')).toEqual([
      '光猫',
      '无法',
      '上网',
    ]);
  });

  it('keeps negations in both languages', () => {
    expect(tokenizer.tokens("I can't connect and it won't boot")).toEqual([
      'not',
      'connect',
      'not',
      'boot',
    ]);
    expect(tokenizer.tokens('The port never opens')).toContain('never');
    const zh = tokenizer.tokens('不能上网，没有信号，无法拨号');
    expect(zh).toEqual(expect.arrayContaining(['不能', '没有', '无法']));
    for (const word of CHINESE_NEGATIONS) expect(CHINESE_STOP_WORDS.has(word)).toBe(false);
    expect(ENGLISH_STOP_WORDS.has('not')).toBe(false);
    expect(ENGLISH_STOP_WORDS.has('the')).toBe(true);
  });

  it('keeps codes and digits inside Chinese text', () => {
    expect(tokenizer.tokens('PPPoE 691 错误')).toEqual(['pppoe', '691', '错误']);
    expect(tokenizer.tokens('5G信号差，页面报404，重试3次')).toEqual(
      expect.arrayContaining(['5g', '404', '3']),
    );
    expect(tokenizer.tokens('ＰＰＰｏＥ　６９１')).toEqual(['pppoe', '691']);
  });

  it('handles Latin runs inside Chinese identically whatever lang is passed', () => {
    const text = 'ECS 实例 down 了，connection refused';
    const auto = tokenizer.tokens(text);
    expect(auto).toEqual(expect.arrayContaining(['实例', 'down', 'connect', 'refus']));
    expect(auto).not.toContain('了');
    expect(tokenizer.tokens(text, 'en')).toEqual(auto);
    expect(tokenizer.tokens(text, 'zh')).toEqual(auto);
  });

  it('folds diacritics and keeps underscore identifiers together', () => {
    expect(tokenizer.tokens('Café ERR_CONN_REFUSED')).toEqual(['cafe', 'err_conn_refus']);
  });

  it('returns nothing for empty or punctuation-only text', () => {
    expect(tokenizer.tokens('')).toEqual([]);
    expect(tokenizer.tokens(' ，。！?... ')).toEqual([]);
  });

  it('tokenizes 1 MB of mixed text, linearly (same tokens per copy)', () => {
    const unit = 'ECS 实例 down 了，PPPoE 691 错误。The servers keep crashing! 电源模块坏了\n';
    const { text, copies } = oneMegabyte(unit);
    expect(tokenizer.tokens(text)).toHaveLength(tokenizer.tokens(unit).length * copies);
  });

  it('tokenizes a 1 MB Han run and a 1 MB Latin word', () => {
    expect(tokenizer.tokens('服务器宕机'.repeat(ONE_MB / 5))).toHaveLength((ONE_MB / 5) * 2);
    expect(tokenizer.tokens('x'.repeat(ONE_MB))).toEqual(['x'.repeat(ONE_MB)]);
  });
});

describe('Tokenizer user words', () => {
  it('segments a made-up compound as one token only after addWords', () => {
    const own = new Tokenizer();
    expect(own.tokens('请按光猫重启键')).not.toContain('光猫重启键');
    expect(own.addWords(['光猫重启键'])).toBe(1);
    expect(own.tokens('请按光猫重启键')).toContain('光猫重启键');
    // Already known (also after normalization): nothing new is loaded.
    expect(own.addWords(['光猫重启键', ' 光猫重启键 '])).toBe(0);
    // Other instances are unaffected.
    expect(tokenizer.tokens('请按光猫重启键')).not.toContain('光猫重启键');
  });

  it('takes user words in the constructor and registers only the Han part of mixed words', () => {
    expect(tokenizer.tokens('宽带拨号失败')).not.toContain('宽带拨号');
    const own = new Tokenizer({ userWords: ['宽带拨号', 'ONU光猫重启键'] });
    expect(own.tokens('宽带拨号失败')).toEqual(['宽带拨号', '失败']);
    expect(own.tokens('ONU光猫重启键')).toEqual(['onu', '光猫重启键']);
  });

  it('rejects a non-positive user word frequency', () => {
    expect(() => new Tokenizer({ userWordFrequency: 0 })).toThrow(RangeError);
  });
});

describe('Tokenizer.terms and stem', () => {
  it('adds character bigrams of kept jieba words of three or more characters', () => {
    expect(tokenizer.terms('电源模块坏了')).toEqual(['电源模块', '电源', '源模', '模块', '坏']);
    expect(tokenizer.tokens('电源模块坏了')).toEqual(['电源模块', '坏']);
  });

  it('adds nothing for two-character words, stop words or English', () => {
    expect(tokenizer.terms('宕机了')).toEqual(['宕机']);
    expect(tokenizer.terms('怎么办')).toEqual([]);
    expect(tokenizer.terms('servers crashing')).toEqual(['server', 'crash']);
  });

  it('tokenizes a text as the concatenation of its lines (each line is remembered)', () => {
    const lines = [
      '服务器突然宕机了，电源模块告警',
      "The PSU can't hold load, it's dead ECS-01 宕机",
      'it won`t boot, don`t know why',
      'café',
      '  ',
      '光猫 LOS 灯红了\r',
      '数据盘报IO错误',
    ];
    for (const f of ['tokens', 'terms'] as const) {
      const whole = tokenizer[f](lines.join('\n'));
      expect(whole).toEqual(lines.flatMap((l) => tokenizer[f](l)));
      expect(whole).toEqual(tokenizer[f](lines.join(' ')));
    }
  });

  it('hands out a fresh array each time (a caller changing one leaves the memo intact)', () => {
    const first = tokenizer.terms('电源模块坏了');
    first.push('x');
    first[0] = 'y';
    expect(tokenizer.terms('电源模块坏了')).toEqual(['电源模块', '电源', '源模', '模块', '坏']);
    expect(tokenizer.tokens('电源模块坏了')).toEqual(['电源模块', '坏']);
  });

  it('stems one word like tokens does', () => {
    expect(tokenizer.stem('Crashing')).toBe('crash');
    expect(tokenizer.stem('connections')).toBe('connect');
    expect(tokenizer.tokens('connections')).toEqual([tokenizer.stem('connections')]);
  });
});

describe('module loading', () => {
  it('imports without printing anything (natural is not loaded from its package root)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { Tokenizer } from './src/text/index.ts'; new Tokenizer().tokens('ok 光猫');",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
  });
});
