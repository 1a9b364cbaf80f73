/**
 * The default PII patterns of {@link maskPii} (in `pii.ts`), Chinese and English.
 *
 * Every regex here is written to run in linear time on any input: all repetitions are bounded,
 * adjacent repeated parts cannot match the same characters in more than a few ways, and each
 * pattern starts with a cheap guard (a lookbehind or a literal cue), so a megabyte of digits, `@`
 * or Han characters is scanned, not backtracked over.
 */

/** Built-in PII kinds; the placeholder is the kind upper-cased in angle brackets (`<PHONE>`). */
export type BuiltinPiiKind =
  'email' | 'url_token' | 'order' | 'id_number' | 'card' | 'ip' | 'phone' | 'address' | 'name';

/** A PII kind: a built-in one or any custom kind a caller's pattern introduces. */
export type PiiKind = BuiltinPiiKind | (string & Record<never, never>);

/** What a pattern's `validate` sees besides the value. */
export interface PiiMatchContext {
  /** The whole regex match (cue words included). */
  match: string;
  /** Offset of the whole match in the text being masked. */
  index: number;
  /** The text being masked (with the placeholders of earlier patterns already in it). */
  input: string;
}

/**
 * One kind of personal data to mask.
 *
 * When `regex` has a named group `pii`, only that group is replaced and the rest of the match
 * (cue words like `订单号：` or `my name is`) stays, so the sentence keeps its meaning. Otherwise the
 * whole match is replaced. The regex is used with the `g` and `d` flags added; matches are found
 * left to right and do not overlap. `validate` can veto a match (Luhn check, date sanity…).
 */
export interface PiiPattern {
  kind: PiiKind;
  regex: RegExp;
  /** @default `<KIND>`, the kind upper-cased. */
  placeholder?: string;
  validate?: (value: string, context: PiiMatchContext) => boolean;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Characters that surround Chinese addresses and names but are (almost) never inside them. */
const ZH_STOP = '我你您他她它们的了是在住到往去寄送址请把从于为给就也都还已被让叫找好谢和与及或知';
/** Further characters that are not part of a Chinese given name (function words, time, nouns). */
const NAME_STOP = `${ZH_STOP}有没不这那吗呢吧啊呀哦嗯经想要能会可以用户客服手机电话号码今昨刚才再又很太来去给打先女士姐生`;
/** A Han character that can be part of a place name. */
const PLACE = `[^\\P{Script=Han}${ZH_STOP}]`;
/** A Han character of a place name before an administrative suffix (no suffix characters). */
const UNIT_NAME = `[^\\P{Script=Han}${ZH_STOP}省市区县旗镇乡村]`;
/** A Han character of a given name. */
const NAME_CHAR = `[^\\P{Script=Han}${NAME_STOP}]`;
/** Start of a Chinese address or name: text start, a non-Han character, or a stop character. */
const ZH_BOUNDARY = `(?<=^|[^\\p{Script=Han}]|[${ZH_STOP}])`;

const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
];
/**
 * Common single-character surnames. Characters that are much more often part of a given name or
 * a word (明 文 华 安 成 和 时 全…) are left out, to keep `X先生` and `我是X` from misfiring.
 */
const SINGLE_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍喻祁蒲房滕屈饶牟艾尤穆农卓古吉缪简项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝';
const SURNAME = `(?:${COMPOUND_SURNAMES.join('|')}|[${SINGLE_SURNAMES}])`;

const HONORIFIC = '(?:先生|女士|小姐|老师)';
/** Not at either 谢 of 谢谢 ("thank you"), although 谢 is a surname. */
const NOT_THANKS = '(?!谢谢)(?!(?<=谢)谢)';

/** Luhn checksum, as every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Issuer prefixes of the card networks (Visa 4, Mastercard 51–55 and 2221–2720, Amex 34/37,
 * Diners/JCB 3x, Discover/UnionPay/Maestro 5x–6x): millisecond timestamps (1…) and most ids fail.
 */
const CARD_PREFIX = /^(?:3[0-9]|4|5[0-9]|6[0-9]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/;

function validCard(value: string): boolean {
  const digits = value.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (!CARD_PREFIX.test(digits)) return false;
  if (/^861[3-9]\d{9}$/.test(digits)) return false; // a +86 mobile without the plus
  return luhnValid(digits);
}

function validIdDate(value: string): boolean {
  const digits = value.length === 18 ? value.slice(6, 14) : `19${value.slice(6, 12)}`;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

function validOrderId(value: string): boolean {
  return /\d/.test(value) && !/^\d{4}-\d{1,2}-\d{1,2}$/.test(value);
}

/** Capitalised words that follow "this is" / "Name:" but are not names. */
const NOT_NAMES = new Set(
  (
    'The A An It Not Very Really Just Still Also About Regarding Because Urgent Support Customer ' +
    'Service Team Help Helpdesk Windows Microsoft Apple Google Android Chrome Office Excel ' +
    'Outlook Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March ' +
    'April May June July August September October November December My Our Your His Her Their ' +
    'What How Why When Where Who Which Ridiculous Unacceptable Terrible Great Fine Ok Okay Sorry ' +
    'Thanks Thank Hello Hi Dear Order Ticket Case Account Error Issue Problem Question Feedback'
  ).split(' '),
);

function validEnglishName(value: string): boolean {
  const first = value.split(/[ -]/)[0] ?? '';
  return !NOT_NAMES.has(first) && !/ing$/.test(first);
}

/** An English name word: Smith, McDonald, O'Neil, D’Angelo. */
const NAME_WORD = "(?:[A-Z]['’])?(?:Mac|Mc)?[A-Z][a-z]{1,20}";
/** "this is X" only introduces a name at the start of a sentence or after a greeting. */
const SENTENCE_START =
  '(?<=^|[\\n.!?。！？,，;:；：]\\s{0,2}|\\b(?:[Hh]i|[Hh]ello|[Hh]ey|[Gg]ood (?:morning|afternoon|evening))\\s{1,2})';
const DIGIT_BOUNDARY_START = '(?<![A-Za-z0-9])';
const DIGIT_BOUNDARY_END = '(?![A-Za-z0-9])';

// ---------------------------------------------------------------------------------------------
// The patterns, in the order they run

const EMAIL: PiiPattern = {
  kind: 'email',
  regex:
    /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/,
};

const URL_TOKEN: PiiPattern = {
  kind: 'url_token',
  regex:
    /(?<=[?&](?:access_token|refresh_token|id_token|token|auth|apikey|api_key|key|sig|signature|sessionid|session_id|session|sid|code|password|passwd|pwd|secret|ticket)=)[^&#\s]{6,512}/i,
};

const ORDER_ZH: PiiPattern = {
  kind: 'order',
  regex:
    /(?:订单编号|订单号码|订单号|订单|工单编号|工单号|工单|运单号|快递单号|物流单号|退款单号|单号|流水号|交易号)\s{0,3}(?:[:：#＃]|是|为)?\s{0,3}(?<pii>[A-Za-z0-9][A-Za-z0-9-]{5,39})(?![A-Za-z0-9-])/,
  validate: validOrderId,
};

const ORDER_EN: PiiPattern = {
  kind: 'order',
  regex:
    /\b(?:order|tracking|ticket|invoice|confirmation|reference|ref)\b(?:\s{0,3}(?:number|num|no\.?|id|code|#))?\s{0,3}(?:is\s{1,3}|[:#]\s{0,3})?(?<pii>[A-Za-z0-9][A-Za-z0-9-]{5,39})(?![A-Za-z0-9-])/i,
  validate: validOrderId,
};

const ID_18: PiiPattern = {
  kind: 'id_number',
  regex: new RegExp(
    `${DIGIT_BOUNDARY_START}[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]${DIGIT_BOUNDARY_END}`,
  ),
  validate: validIdDate,
};

const ID_15: PiiPattern = {
  kind: 'id_number',
  regex: new RegExp(
    `${DIGIT_BOUNDARY_START}[1-9]\\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}${DIGIT_BOUNDARY_END}`,
  ),
  validate: validIdDate,
};

const PASSPORT_CUED: PiiPattern = {
  kind: 'id_number',
  regex:
    /(?:护照(?:号码|号)?|passport(?:\s{0,3}(?:number|no\.?|#))?)\s{0,3}(?:[:：#]|is|是|为)?\s{0,3}(?<pii>[A-Za-z]{1,2}\d{6,9})(?![A-Za-z0-9])/i,
};

const PASSPORT: PiiPattern = {
  kind: 'id_number',
  regex: new RegExp(`${DIGIT_BOUNDARY_START}[EeGg]\\d{8}${DIGIT_BOUNDARY_END}`),
};

const CARD: PiiPattern = {
  kind: 'card',
  // Printed groupings only (one separator kind per number), so digit runs with stray spaces are
  // never candidates: 13–19 digits, 4-4-4-4(-x), Amex 4-6-5, Diners 4-6-4, UnionPay 6-13.
  regex:
    /(?<![\w.-])(?:\d{13,19}|\d{4}(?<s1>[ -])\d{4}\k<s1>\d{4}\k<s1>\d{1,4}(?:\k<s1>\d{1,3})?|\d{4}(?<s2>[ -])\d{6}\k<s2>\d{4,5}|\d{6}[ -]\d{13})(?!\w|[ -]\d|\.\d)/,
  validate: validCard,
};

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Words that make a dotted quad a version number (checked in the 40 characters before it). */
const VERSION_CUE =
  /\b(?:version|ver|release|build|upgrad|updat|bump|patch|jdk|edition)\w*|版本|更新|升级|组件/i;
/** Words that make it an address again, even near a version cue. */
const IP_CUE = /\b(?:ip|ips|address|addr|dns|server|host|gateway|proxy)\b|地址|网关|服务器/i;

/** A dotted quad in a version context (`upgrade derby to 10.17.1.0`, `1.4.8.5版`) is kept. */
function notAVersion(value: string, context: PiiMatchContext): boolean {
  const before = context.input.slice(Math.max(0, context.index - 40), context.index);
  const after = context.input.slice(context.index + value.length, context.index + value.length + 9);
  if (/^(?:\s?版|:compile|\s?\(build|\s?-->|\s?->|\s?→)/.test(after)) return false;
  if (/(?:jar:|[A-Za-z]-|-->\s?|->\s?|→\s?)$/.test(before)) return false;
  return !VERSION_CUE.test(before) || IP_CUE.test(before);
}

const IPV4: PiiPattern = {
  kind: 'ip',
  regex: new RegExp(`(?<![A-Za-z0-9_.])(?:${OCTET}\\.){3}${OCTET}(?![0-9]|\\.\\d)`),
  validate: notAVersion,
};

const PHONE_CN_MOBILE: PiiPattern = {
  kind: 'phone',
  regex: /(?<![\d+])(?:(?:\+|00)86[ -]?|\(\+?86\) ?|86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/,
};

const PHONE_CN_LANDLINE: PiiPattern = {
  kind: 'phone',
  regex:
    /(?<![\w+-])(?:\(0\d{2,3}\)|0\d{2,3})[ -]?\d{3,4}[ -]?\d{4}(?: ?(?:转|ext\.?|x) ?\d{1,5})?(?!\d)/,
};

const PHONE_NANP: PiiPattern = {
  kind: 'phone',
  regex: /(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)/,
  // 400/800 numbers are company hotlines (China), not personal data.
  validate: (value) => !/^(?:\+?1[ .-]?)?\(?[48]00\)?/.test(value),
};

const PHONE_INTERNATIONAL: PiiPattern = {
  kind: 'phone',
  regex: /(?<![\w+])\+[1-9](?:[ .-]?\d){7,14}(?!\d)/,
};

const ADMIN_SUFFIX = '(?:特别行政区|自治区|街道|省|市|区|县|旗|镇|乡|村)';
const STREET_SUFFIX = '(?:大街|大道|胡同|路|街|巷|弄|道)';
const UNIT_PART =
  '(?:\\d{1,5}(?:号楼|号院|单元|栋|幢|座|号|层|楼|室|房|户)|[A-Za-z]\\d{0,4}(?:栋|座|号楼)|\\d{1,4}(?:-\\d{1,5}){1,3}(?:室|号)?)';
const COMMUNITY_SUFFIX = '(?:小区|花园|公寓|大厦|广场|家园|新村|大楼|园区|社区|苑)';

const ADDRESS_ZH: PiiPattern = {
  kind: 'address',
  regex: new RegExp(
    `${ZH_BOUNDARY}(?:${UNIT_NAME}{1,6}${ADMIN_SUFFIX}){0,5}` +
      `(?:${PLACE}{1,8}${STREET_SUFFIX}(?:\\d{1,5}(?:-\\d{1,5})?(?:号|號|弄)|${UNIT_PART})${UNIT_PART}{0,6}` +
      `|${PLACE}{2,10}${COMMUNITY_SUFFIX}${UNIT_PART}{1,6})`,
    'u',
  ),
  validate: (value) => /\d/.test(value),
};

const ADDRESS_EN: PiiPattern = {
  kind: 'address',
  regex:
    /(?<![A-Za-z0-9])\d{1,6}[A-Za-z]?(?:-\d{1,4})?\s{1,2}(?:[NSEW]\.?\s{1,2})?(?:[A-Z0-9][A-Za-z0-9'’.-]{0,25}\s{1,2}){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Terrace|Parkway|Pkwy|Highway|Hwy)\.?(?![A-Za-z])(?: (?:NW|NE|SW|SE)\b)?(?:,?\s{1,2}(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl|Room|Rm|#)\.?\s{0,2}#?[A-Za-z0-9-]{1,8})?(?:,\s{1,2}[A-Z][A-Za-z]{1,20}(?:\s[A-Z][A-Za-z]{1,20}){0,2},?\s{1,2}[A-Z]{2}(?:\s{1,2}\d{5}(?:-\d{4})?)?(?!\w))?/,
};

const NAME_ZH_CUED: PiiPattern = {
  kind: 'name',
  regex: new RegExp(
    `(?:我叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名|联系人|收件人|收货人|持卡人|开户人|户名)\\s{0,2}[:：]?\\s{0,2}(?<pii>${SURNAME}${NAME_CHAR}{1,2})`,
    'u',
  ),
};

const NAME_ZH_I_AM: PiiPattern = {
  kind: 'name',
  regex: new RegExp(
    `我是\\s{0,2}(?<pii>${SURNAME}${NAME_CHAR}{1,2})(?=[^\\p{Script=Han}]|$|${HONORIFIC})`,
    'u',
  ),
};

const NAME_ZH_SURNAME_IS: PiiPattern = {
  kind: 'name',
  regex: new RegExp(`我姓(?<pii>${SURNAME})`, 'u'),
};

const NAME_ZH_HONORIFIC_FULL: PiiPattern = {
  kind: 'name',
  regex: new RegExp(
    `${ZH_BOUNDARY}${NOT_THANKS}(?<pii>${SURNAME}${NAME_CHAR}{1,2})(?=${HONORIFIC})`,
    'u',
  ),
};

const NAME_ZH_HONORIFIC: PiiPattern = {
  kind: 'name',
  regex: new RegExp(`${NOT_THANKS}(?<pii>${SURNAME})(?=${HONORIFIC})`, 'u'),
};

const NAME_EN_CUED: PiiPattern = {
  kind: 'name',
  regex: new RegExp(
    `(?:\\b[Mm]y name is|\\b[Mm]y name's|${SENTENCE_START}[Tt]his is|\\b[Nn]ame ?:|\\b[Cc]ontact(?: person)? ?:)\\s{1,3}(?<pii>${NAME_WORD}(?:[ -]${NAME_WORD}){0,2})(?![A-Za-z]|\\s?\\d)`,
  ),
  validate: validEnglishName,
};

const NAME_EN_TITLE: PiiPattern = {
  kind: 'name',
  regex: new RegExp(
    `\\b(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof)\\.?\\s{1,3}(?<pii>${NAME_WORD}(?: ${NAME_WORD})?)(?![A-Za-z])`,
  ),
  validate: validEnglishName,
};

/**
 * The default patterns, in the order they run. Order matters because each pattern sees the text
 * with earlier placeholders in it:
 *
 * 1. e-mail first (its digits and dots would otherwise feed phone, IP and card patterns);
 * 2. URL tokens, then cued order numbers (`订单号`, `order #`: the cue makes them more specific
 *    than a bare number that might look like a card or phone);
 * 3. ID numbers before cards and phones (an 18-digit ID is also digits a card pattern accepts);
 * 4. cards (Luhn-checked) before phones, IPv4 before phones;
 * 5. phones: Chinese mobile, Chinese landline, North American (with separators), `+` international;
 * 6. addresses, then names last (they need cue words that earlier placeholders never break).
 */
export const DEFAULT_PII_PATTERNS: readonly PiiPattern[] = Object.freeze([
  EMAIL,
  URL_TOKEN,
  ORDER_ZH,
  ORDER_EN,
  ID_18,
  ID_15,
  PASSPORT_CUED,
  PASSPORT,
  CARD,
  IPV4,
  PHONE_CN_MOBILE,
  PHONE_CN_LANDLINE,
  PHONE_NANP,
  PHONE_INTERNATIONAL,
  ADDRESS_ZH,
  ADDRESS_EN,
  NAME_ZH_CUED,
  NAME_ZH_I_AM,
  NAME_ZH_SURNAME_IS,
  NAME_ZH_HONORIFIC_FULL,
  NAME_ZH_HONORIFIC,
  NAME_EN_CUED,
  NAME_EN_TITLE,
]);
