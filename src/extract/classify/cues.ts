import { createHash } from 'node:crypto';
import { NeedleSet } from '../../text/needles.js';
import type { TextLanguage } from '../../text/index.js';
import { ENGLISH_STOP_WORDS, normalizeText } from '../../text/index.js';

/**
 * Roles a support sentence or dialogue turn can play in fault → cause → solution extraction.
 * `noise` covers everything without extractable knowledge: greetings, thanks, apologies,
 * "please DM us" redirects, requests for account details, ticket boilerplate and signatures.
 */
export type Role = 'symptom' | 'cause' | 'solution' | 'noise';

/** All roles, in a fixed order (used for score records and model columns). */
export const ROLES: readonly Role[] = ['symptom', 'cause', 'solution', 'noise'];

/** What kind of noise a noise cue is. */
export type NoiseKind =
  'greeting' | 'thanks' | 'apology' | 'redirect' | 'boilerplate' | 'signature' | 'ack' | 'markup';

/** One accepted cue occurrence in the normalized text. */
export interface CueMatch {
  role: Role;
  /** Set for noise cues only. */
  kind?: NoiseKind;
  /** The matched text (normalized: NFKC, lower case). */
  text: string;
  /** UTF-16 offsets into the normalized text. */
  start: number;
  end: number;
}

/** Cue hits of one sentence or turn; see {@link cueFeatures}. */
export interface CueFeatures {
  /** Number of non-overlapping cue occurrences per role. */
  counts: Record<Role, number>;
  /** The accepted occurrences, in text order. */
  matches: CueMatch[];
  /** Distinct noise kinds seen, in a fixed order. */
  noiseKinds: NoiseKind[];
  /**
   * The text refers back to what the customer said ("您反映的", "you mentioned") — how an agent
   * turn can legitimately talk about the symptom.
   */
  quotesCustomer: boolean;
  /**
   * Content left once noise cues are cut out: Han characters (minus pronouns and particles) plus
   * Latin words that are not stop words.
   */
  residue: number;
  /**
   * Strong noise: at least one noise cue, no cue of another role, and at most
   * {@link NOISE_ONLY_MAX_RESIDUE} units of other content (e.g. "您好，请问有什么可以帮您？",
   * "Thanks, please DM us!"). The classifier lets this override the model.
   */
  noiseOnly: boolean;
}

/** Largest residue (see {@link CueFeatures.residue}) for which a noise-cued text counts as noise-only. */
export const NOISE_ONLY_MAX_RESIDUE = 4;

type CueSpec = string | RegExp;
type NoiseLexicon = Readonly<Record<NoiseKind, readonly CueSpec[]>>;

interface Lexicon {
  symptom: readonly CueSpec[];
  cause: readonly CueSpec[];
  solution: readonly CueSpec[];
  noise: NoiseLexicon;
  /** Back-references to the customer's report (not a role; sets `quotesCustomer`). */
  quote: readonly CueSpec[];
  /**
   * Phrases that contain a shorter cue but do not carry its role (请问 is not the solution cue
   * 请, "please help" is a plea, not an instruction): they block the shorter cue and count nowhere.
   */
  neutral: readonly CueSpec[];
}

// Patterns are matched against `normalizeText` output: NFKC (full-width ASCII → ASCII: ， → ,)
// and lower case. Chinese strings are plain substrings; English strings match on word
// boundaries with flexible whitespace and an optional apostrophe ("can't" ~ "cant").

const ZH: Lexicon = {
  symptom: [
    '报错',
    '错误',
    '错误码',
    '无法',
    '打不开',
    '连不上',
    '上不了',
    '登不上',
    '进不去',
    /[用打发收登看充退进开关连上下装付取买]不了/,
    '一直',
    '总是',
    '老是',
    '经常',
    '不能',
    '坏了',
    '失败',
    '闪退',
    '卡顿',
    '卡死',
    '很卡',
    '黑屏',
    '白屏',
    '蓝屏',
    '死机',
    '掉线',
    '断网',
    '断线',
    '没信号',
    '没有信号',
    '信号差',
    '网速慢',
    /(很|太|特别|超级|非常)慢/,
    '不好使',
    '失灵',
    '异常',
    '故障',
    '出问题',
    '出现问题',
    '有问题',
    '提示',
    '弹出',
    '没反应',
    '没有反应',
    '无响应',
    '收不到',
    '没收到',
    '没有收到',
    /(多|乱|重复|被)扣/,
    '扣费',
    /[没未]到账/,
    '没发货',
    '还没到',
    '丢件',
    '咋回事',
    '怎么回事',
    '为什么',
    '为啥',
    '咋办',
    '怎么办',
    '木有',
    '不行',
    '不显示',
    '乱码',
    '崩溃',
    '自动关机',
    '发烫',
    '耗电',
    '充不进',
    '停机',
    '还是不',
    '依然',
    '仍然',
    '投诉',
    '离线',
    '超时',
    '耗尽',
    '报障',
    '不通',
  ],
  cause: [
    '因为',
    '由于',
    '原因是',
    '原因为',
    '原因',
    '导致',
    '造成',
    /是.{0,15}(造成|引起|导致)的/,
    '引起',
    '所致',
    '问题出在',
    '根源',
    '经排查',
    '经检查',
    '经核实',
    '经查',
    '排查发现',
    '检测发现',
    '查看发现',
    '故障点',
    '老化',
    '欠费',
    '过期',
    '已到期',
    '线路故障',
    '区域故障',
    '基站',
    '升级维护',
    '系统维护',
    '割接',
    '不兼容',
    '兼容性',
    '冲突',
    '配置错误',
    '设置错误',
    '版本过低',
    '版本过旧',
    '余额不足',
    '超出',
    '限速',
    '被拦截',
    '风控',
    '损坏',
    '松动',
    '进水',
    'bug',
  ],
  solution: [
    '请',
    '建议',
    '尝试',
    '试试',
    /试(一下|下)/,
    '重启',
    '重新启动',
    '更换',
    /换(一个|个|根|块)/,
    '设置',
    '更新',
    '升级',
    '已为您',
    '已经为您',
    /已(经)?(为您|帮您|给您|为你|帮你|为用户|为客户)?(更换|修复|重置|恢复|退还|退回|退款|补发|解除|解冻|解锁|开通|取消|调整|续签|续费|升级|更新|安排|补偿|免除|撤销|返还|重新|清理|扩容|修改)/,
    '已帮您',
    '为您办理',
    '步骤',
    '您可以',
    '你可以',
    '可以尝试',
    '点击',
    '进入',
    '清除',
    '清理',
    '卸载',
    '重装',
    '重新安装',
    '恢复出厂',
    '重置',
    '插拔',
    '拔掉',
    '重新插',
    '关闭',
    '开启',
    '修改',
    '办理',
    '前往',
    '营业厅',
    '携带',
    '退款',
    '补发',
    '修复',
    '已恢复',
    '恢复正常',
    '已解决',
    '已处理',
    '下载',
    '解绑',
    '充值',
    '缴费',
    '检查一下',
    '确认一下',
    '解决办法',
    '解决方法',
    '方法',
    '就好了',
    '即可',
    '就可以了',
    '操作',
  ],
  noise: {
    greeting: [
      '您好',
      '你好',
      '亲爱的',
      /(?<![父母双乡])亲(?![戚人自友属子情爱生身手眼密近])/,
      '在吗',
      '哈喽',
      '嗨',
      /(早上|上午|中午|下午|晚上)好/,
      '小伙伴',
    ],
    thanks: [
      '谢谢',
      '感谢',
      '多谢',
      '谢啦',
      '辛苦了',
      '麻烦了',
      '麻烦你了',
      '麻烦您了',
      /感谢您的(支持|理解|耐心|关注|反馈|配合)/,
    ],
    apology: [
      '抱歉',
      '不好意思',
      '对不起',
      '深表歉意',
      /给您带来(的)?不便/,
      '敬请谅解',
      '请谅解',
      '请您谅解',
    ],
    redirect: [
      /请?(您)?私信/,
      /请?(您)?私聊/,
      '请关注',
      '关注我们',
      '后台留言',
      /留言给(我们|小编)/,
      '联系在线客服',
      '转人工',
      /(请|麻烦|方便)(您)?(提供|告知|留下|发一下|发送)(一下)?(您的)?.{0,8}(号码|账号|帐号|手机号|订单号|单号|地址|信息|截图|姓名|身份证)/,
      '请告知',
      '麻烦提供',
      '方便提供',
      /已(为您|帮您)?(反馈|登记|记录|转交|上报|提交|备注)/,
      /会有?专人/,
      '专人联系',
      '稍后联系',
      '尽快处理',
      '尽快为您',
      '耐心等待',
      '敬请等待',
      '请稍等',
      '稍等',
      '请留意',
      /拨打.{0,8}(热线|客服)/,
      '咨询',
    ],
    boilerplate: [
      /工单(已|已经)?(自动)?关闭/,
      '本工单',
      '温馨提示',
      '自动回复',
      '系统消息',
      '请勿回复',
      /有什么(可以)?(帮|为)(到)?您/,
      '还有什么',
      '还有其他问题',
      '其他问题',
      '祝您',
      '生活愉快',
      '很高兴为您服务',
      '为您服务',
      '好评',
      '满意度',
      '欢迎再次',
      '如有疑问',
      '随时联系',
      '随时',
    ],
    signature: [/我是.{0,10}客服.{0,6}/, '工号', /客服小[^\s,，。!！?？]{1,3}/],
    ack: [
      '好的',
      '收到',
      '嗯嗯',
      '知道了',
      '明白了',
      '搞定了',
      '可以了',
      '没问题了',
      '已经好了',
      '好了',
      '哦哦',
      '行吧',
    ],
    markup: [/\[[\p{Script=Han}a-z]{1,6}\]/u, /@[^\s@,，。:：!！?？]{1,15}/u],
  },
  quote: [
    '您反映的',
    '您所反映',
    '您反馈的',
    '您说的',
    '您遇到的',
    '您提到的',
    '您描述的',
    '您所述',
    '您的问题是',
    '你反映的',
    '你说的',
  ],
  neutral: [
    '请问',
    '请求',
    '申请',
    '邀请',
    '请假',
    /请(你们|您)?(帮忙|帮我|帮帮|尽快|赶紧|给个说法)/,
  ],
};

const EN: Lexicon = {
  symptom: [
    'error',
    'errors',
    'error code',
    "can't",
    'cannot',
    'can not',
    'unable to',
    "won't",
    "doesn't work",
    'does not work',
    "don't work",
    "isn't working",
    'not working',
    'stopped working',
    'keeps',
    'keep getting',
    'kept',
    'fails',
    'failed',
    'failing',
    'failure',
    'crash',
    'crashes',
    'crashed',
    'crashing',
    'freeze',
    'freezes',
    'freezing',
    'frozen',
    'stuck',
    'slow',
    'laggy',
    'lagging',
    'drops',
    'dropping',
    'dropped',
    'disconnects',
    'disconnected',
    'disconnecting',
    'no signal',
    'no internet',
    'no service',
    'no connection',
    'broken',
    'broke',
    'dead',
    'black screen',
    'blank',
    'is down',
    'outage',
    'timed out',
    'times out',
    'timeout',
    'charged twice',
    'double charged',
    'overcharged',
    'never arrived',
    "hasn't arrived",
    "haven't received",
    'not received',
    'never received',
    'missing',
    'wrong',
    'why',
    "what's going on",
    'issue',
    'problem',
    'glitch',
    'still',
    'every time',
    'randomly',
    'anymore',
    'no longer',
    'nothing happens',
    'not loading',
    "won't load",
    'overheating',
    'draining',
    'offline',
    'goes straight to',
    'no answer',
  ],
  cause: [
    'because',
    'because of',
    'due to',
    'caused by',
    'the reason',
    'reason is',
    'turned out',
    'turns out',
    'root cause',
    'as a result of',
    'result of',
    'triggered by',
    'stems from',
    'the culprit',
    'culprit',
    'responsible for',
    'the issue was',
    'the problem was',
    'was the problem',
    'was the issue',
    'expired',
    'outdated',
    'out of date',
    'misconfigured',
    'misconfiguration',
    'corrupted',
    'corrupt',
    'conflict',
    'conflicting',
    'incompatible',
    'compatibility',
    'known issue',
    'known bug',
    'a bug',
    'maintenance',
    'insufficient funds',
    'exceeded',
    'throttled',
    'throttling',
    'faulty',
    'worn out',
    'we found that',
    'after checking',
    'investigation showed',
    'seems to be caused',
    'was blocked',
    'flagged',
    'came from',
    'led to',
    'leads to',
    'traced to',
    'caused',
    'causing',
    'was due',
    'which caused',
  ],
  solution: [
    'try',
    'please',
    'go to',
    'restart',
    'reboot',
    'power cycle',
    'replace',
    'replaced',
    'reset',
    'update',
    'upgrade',
    'reinstall',
    'uninstall',
    'clear the cache',
    'clear cache',
    'clear your cache',
    'log out',
    'sign out',
    'log back in',
    'turn off',
    'turn on',
    'switch off',
    'unplug',
    'plug',
    'toggle',
    'enable',
    'disable',
    'tap',
    'click',
    'select',
    'settings',
    'navigate to',
    'we have fixed',
    "we've fixed",
    'has been fixed',
    'has been resolved',
    'fixed',
    'we have refunded',
    'refunded',
    'refund',
    'reship',
    'resend',
    'replacement',
    'credited',
    're-enabled',
    'reactivated',
    'unblocked',
    'steps',
    'step 1',
    'make sure',
    'ensure',
    'check that',
    'you can',
    'you could',
    'you may want to',
    'recommend',
    'suggest',
    'workaround',
    'the fix',
    'switch to',
    'install',
    'download',
    'solution',
    'resolution',
    'should work',
    'should be back',
    'back to normal',
    'restored',
    'change the',
    'set the',
    /\b(i|we)(\s+have|['’]ve|\s+just)?\s+(reset|replaced|refunded|reversed|restored|unlocked|re-?enabled|reactivated|removed|cancell?ed|credited|updated|upgraded|fixed|repaired|reinstated|waived|lifted|released|re-?sent|reshipped|issued|extended|switched|restarted|rebooted|cleared|reconfigured)\b/,
    /\b(had|asked|walked|helped|advised|instructed|guided)\s+the\s+(customer|user|client|caller)\b/,
  ],
  noise: {
    greeting: [
      'hi',
      'hello',
      'hey',
      'dear',
      'good morning',
      'good afternoon',
      'good evening',
      'greetings',
      'hi there',
      'hey there',
    ],
    thanks: [
      'thanks',
      'thank you',
      'thx',
      'ty',
      'appreciate',
      'appreciated',
      'thanks for reaching out',
      'thank you for contacting',
      'thanks for your patience',
      'thank you for your patience',
    ],
    apology: [
      'sorry',
      'apologize',
      'apologise',
      'apologies',
      'we regret',
      'for the inconvenience',
      'sorry to hear',
      'sorry for the trouble',
    ],
    redirect: [
      'dm us',
      'please dm',
      'dm',
      'send us a dm',
      'direct message',
      'private message',
      'pm us',
      'follow us',
      'reach out to us',
      'reach us at',
      'contact us at',
      'send us your',
      /(share|provide|send)(\s+us)?\s+(your|the)\s+(account|order|phone|email|ticket|case|serial)(\s+(number|id|no|address))?/,
      /(could|can|would)\s+you(\s+please)?\s+(provide|share|send|confirm|tell us)/,
      "we'll look into",
      'we will look into',
      'look into it',
      'looking into',
      'escalated',
      'passed this on',
      'forwarded',
      'get back to you',
      'will contact you',
      'someone will',
      'stay tuned',
      'hang tight',
      'call us',
      'contact support',
      'contact customer service',
    ],
    boilerplate: [
      /ticket(\s+(has\s+been|was|is))?\s+(auto-?\s?)?closed/,
      'auto-closed',
      'automatically closed',
      'this is an automated message',
      'automated message',
      'do not reply',
      'please do not reply',
      'how can i help',
      'how can we help',
      'how may i help',
      'how may we help',
      'anything else',
      'is there anything else',
      'have a great day',
      'have a nice day',
      'have a good day',
      'rate our service',
      'survey',
      'feel free to',
      'let us know if',
      "we're here to help",
      'here to help',
    ],
    signature: [
      'best regards',
      'kind regards',
      'regards',
      'sincerely',
      'sent from my iphone',
      'sent from my phone',
      /this\s+is\s+[a-z]+\s+from(\s+the)?\s+[a-z]+(\s+(team|support))?/,
      'support team',
      /^--\s/,
    ],
    ack: [
      'ok',
      'okay',
      'got it',
      'noted',
      'sure',
      'sounds good',
      'will do',
      'it works now',
      "it's working now",
      'works now',
      'working now',
      'all good now',
      'that worked',
      'that fixed it',
      'it worked',
    ],
    markup: [/@[a-z0-9_]{2,30}/, /https?:\/\/\S+/],
  },
  quote: [
    'you mentioned',
    'you reported',
    'you described',
    'you said',
    "you're seeing",
    'you are seeing',
    "you're experiencing",
    'you are experiencing',
    'the issue you',
    'the problem you',
    "you're having",
    'you are having',
  ],
  neutral: [
    'please help',
    'please fix',
    'please advise',
    'please assist',
    'please sort',
    'please look',
    'try again later',
    'tried',
  ],
};

/** Matching order when two cues of equal length overlap: the more specific role wins. */
const ROLE_PRIORITY: Readonly<Record<Role, number>> = {
  noise: 0,
  cause: 1,
  solution: 2,
  symptom: 3,
};

const NOISE_KINDS: readonly NoiseKind[] = [
  'greeting',
  'thanks',
  'apology',
  'redirect',
  'boilerplate',
  'signature',
  'ack',
  'markup',
];

type CueClass = Role | 'quote' | 'neutral';

interface CompiledCue {
  role: CueClass;
  kind?: NoiseKind;
  re: RegExp;
  /**
   * A piece of text every match contains (the longest space- and apostrophe-free piece of a word
   * cue), so the regex only runs on texts that contain it; absent for regex cues.
   */
  needle?: string;
}

/** See {@link CompiledCue.needle}. */
function needleOf(spec: CueSpec): string | undefined {
  if (typeof spec !== 'string') return undefined;
  const pieces = spec.split(/[ ']/).sort((a, b) => b.length - a.length);
  return pieces[0] === '' ? undefined : pieces[0];
}

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;
const WORD_START = /^\w/;
const WORD_END = /\w$/;

function compileZh(spec: CueSpec): RegExp {
  if (typeof spec !== 'string') return new RegExp(spec.source, 'gu');
  return new RegExp(spec.replace(REGEX_SPECIALS, '\\$&'), 'gu');
}

function compileEn(spec: CueSpec): RegExp {
  if (typeof spec !== 'string') return new RegExp(spec.source, 'gu');
  const body = spec.replace(REGEX_SPECIALS, '\\$&').replace(/ /g, '\\s+').replace(/'/g, "['’]?");
  const start = WORD_START.test(spec) ? '\\b' : '';
  const end = WORD_END.test(spec) ? '\\b' : '';
  return new RegExp(`${start}${body}${end}`, 'gu');
}

function compile(lexicon: Lexicon, compileOne: (spec: CueSpec) => RegExp): CompiledCue[] {
  const out: CompiledCue[] = [];
  const add = (role: CueClass, spec: CueSpec, kind?: NoiseKind) => {
    const cue: CompiledCue = { role, re: compileOne(spec) };
    if (kind) cue.kind = kind;
    const needle = needleOf(spec);
    if (needle !== undefined) cue.needle = needle;
    out.push(cue);
  };
  for (const role of ['symptom', 'cause', 'solution'] as const) {
    for (const spec of lexicon[role]) add(role, spec);
  }
  for (const kind of NOISE_KINDS) {
    for (const spec of lexicon.noise[kind]) add('noise', spec, kind);
  }
  for (const spec of lexicon.quote) add('quote', spec);
  for (const spec of lexicon.neutral) add('neutral', spec);
  return out;
}

const ZH_CUES = compile(ZH, compileZh);
const EN_CUES = compile(EN, compileEn);

/** A language's cues with their needles found in one pass (see `NeedleSet`). */
interface CueTable {
  cues: readonly CompiledCue[];
  /** Index of each cue's needle in `needles`, or -1 for a cue without one. */
  needleOf: Int32Array;
  needles: NeedleSet;
}

function cueTable(cues: readonly CompiledCue[]): CueTable {
  const ids = new Map<string, number>();
  const needleOf = new Int32Array(cues.length).fill(-1);
  cues.forEach((cue, i) => {
    if (cue.needle === undefined) return;
    let id = ids.get(cue.needle);
    if (id === undefined) ids.set(cue.needle, (id = ids.size));
    needleOf[i] = id;
  });
  return { cues, needleOf, needles: new NeedleSet([...ids.keys()]) };
}

const CUE_TABLES: Readonly<Record<'zh' | 'en', CueTable>> = {
  zh: cueTable([...ZH_CUES, ...EN_CUES]),
  en: cueTable(EN_CUES),
};

/**
 * Fingerprint of the cue lexicons (every pattern's source, role and kind). Stored in the trained
 * model: cue hits are model features, so a lexicon edit makes the model stale just like a
 * training-data edit.
 */
export const CUE_LEXICON_HASH: string = createHash('sha256')
  .update(
    JSON.stringify(
      [...ZH_CUES, ...EN_CUES].map((c) => [c.role, c.kind ?? '', c.re.source, c.re.flags]),
    ),
  )
  .digest('hex')
  .slice(0, 16);

/** Han characters that carry no content on their own (pronouns, particles), for the residue. */
const FILLER_HAN = new Set(
  Array.from('我你您他她它们的了吗呢吧啊呀哦哈嗯噢喔啦么这那是在也就都还又有和'),
);
const HAN = /\p{Script=Han}/u;
const LATIN_WORDS = /[a-z0-9]+(?:['’][a-z]+)?/g;

interface Candidate {
  role: CueClass;
  kind?: NoiseKind;
  start: number;
  end: number;
}

/**
 * Cue-lexicon hits of one sentence or dialogue turn, per role, plus the derived flags the
 * classifier uses (`noiseOnly`, `quotesCustomer`).
 *
 * Why a lexicon next to the statistical model: the retrieval tokenizer drops exactly the words
 * that signal discourse role (请, 因为, 为什么, 您好, 谢谢, please, thanks, hi are stop words), and
 * a few hundred hand-written training examples cannot teach every phrasing of "please DM us".
 *
 * How: the text is normalized (`normalizeText`: NFKC, lower case) and every pattern of the
 * language's lexicon is searched — for `lang: 'zh'` the English lexicon too, since Chinese
 * tickets embed English ("登录报error", "重启一下router"). Overlapping hits are resolved
 * longest-first (ties: noise > cause > solution > symptom), so "请私信" counts once as noise, not
 * also as the solution cue 请, and "已为您反馈" (redirect) beats "已为您" (solution).
 *
 * Limits: substring/word-boundary matching, no syntax: negation and hypotheticals are not
 * understood ("没有报错" still counts 报错 as a symptom cue; "if it fails, restart" has both a
 * symptom and a solution cue). The lexicon is deliberately generic; product-specific faults come
 * from the model's word features. Cost: one pass over the text finds which word cues' needles
 * occur (`NeedleSet`); only those cues' regexes run, plus the regex cues, which have no needle.
 */
export function cueFeatures(sentence: string, lang: TextLanguage): CueFeatures {
  const text = normalizeText(sentence);
  const table = CUE_TABLES[lang === 'zh' ? 'zh' : 'en'];
  const present = table.needles.find(text);
  const candidates: Candidate[] = [];
  for (let i = 0; i < table.cues.length; i++) {
    const cue = table.cues[i]!;
    const needle = table.needleOf[i]!;
    if (needle >= 0 && present[needle] === 0) continue;
    cue.re.lastIndex = 0;
    for (const m of text.matchAll(cue.re)) {
      if (m[0].length === 0) continue;
      const c: Candidate = { role: cue.role, start: m.index, end: m.index + m[0].length };
      if (cue.kind) c.kind = cue.kind;
      candidates.push(c);
    }
  }
  candidates.sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      priority(a.role) - priority(b.role) ||
      a.start - b.start,
  );

  const taken = new Uint8Array(text.length);
  const counts: Record<Role, number> = { symptom: 0, cause: 0, solution: 0, noise: 0 };
  const matches: CueMatch[] = [];
  let quotesCustomer = false;
  for (const c of candidates) {
    if (c.role === 'quote') {
      // Quotes are a flag, not a role: they neither take nor need free characters.
      quotesCustomer = true;
      continue;
    }
    let free = true;
    for (let i = c.start; i < c.end; i += 1) {
      if (taken[i] === 1) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    if (c.role === 'neutral') continue;
    counts[c.role] += 1;
    const match: CueMatch = {
      role: c.role,
      text: text.slice(c.start, c.end),
      start: c.start,
      end: c.end,
    };
    if (c.kind) match.kind = c.kind;
    matches.push(match);
  }
  matches.sort((a, b) => a.start - b.start);

  const residue = residueOf(text, matches);
  const kinds = new Set(matches.flatMap((m) => (m.kind ? [m.kind] : [])));
  const noiseKinds = NOISE_KINDS.filter((k) => kinds.has(k));
  const otherCues = counts.symptom + counts.cause + counts.solution;
  const noiseOnly = counts.noise > 0 && otherCues === 0 && residue <= NOISE_ONLY_MAX_RESIDUE;
  return { counts, matches, noiseKinds, quotesCustomer, residue, noiseOnly };
}

function priority(role: CueClass): number {
  if (role === 'quote') return -2;
  if (role === 'neutral') return -1;
  return ROLE_PRIORITY[role];
}

/** Content units of `text` outside noise matches: non-filler Han characters + non-stop words. */
function residueOf(text: string, matches: readonly CueMatch[]): number {
  let rest = '';
  let from = 0;
  for (const m of matches) {
    if (m.role !== 'noise') continue;
    rest += `${text.slice(from, m.start)} `;
    from = m.end;
  }
  rest += text.slice(from);
  let units = 0;
  for (const ch of rest) if (HAN.test(ch) && !FILLER_HAN.has(ch)) units += 1;
  for (const [word] of rest.matchAll(LATIN_WORDS)) {
    if (!ENGLISH_STOP_WORDS.has(word)) units += 1;
  }
  return units;
}
