import { words as naturalEnglishStopWords } from 'natural/lib/natural/util/stopwords.js';

/**
 * Entries of natural's English stop list that this project keeps as content words:
 * - negations (`never`, `cannot`): "cannot connect" and "connect" are different faults;
 * - `up`, `out`, `over`: states in support text ("not up", "out of memory", "timed out",
 *   "over quota");
 * - the digits 0–9: codes and counts ("error 5", "port 1", "v2.1" → `v2` `1`);
 * - single letters other than `a` and `i`: model and variant suffixes ("type-c", "plan b").
 */
const KEPT_FROM_NATURAL = new Set(['never', 'cannot', 'up', 'out', 'over']);
const SINGLE_CHARACTER = /^[a-z0-9]$/;

/** Support-ticket pleasantries and fillers natural's list lacks (mirrors the Chinese 请/谢谢). */
const EXTRA_ENGLISH = [
  'please',
  'thanks',
  'thank',
  'hi',
  'hello',
  'dear',
  'regards',
  'will',
  'just',
];

/**
 * English stop words for retrieval: natural's list (`natural/lib/natural/util/stopwords.js`)
 * minus negations, state words, digits and most single letters, plus a few ticket pleasantries.
 * Compared against lower-cased tokens before stemming. `not` and `no` are not in the list (and
 * contractions like "can't" are expanded to "can not" before tokenizing) so negation survives.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  ...naturalEnglishStopWords.filter(
    (w) => !KEPT_FROM_NATURAL.has(w) && (!SINGLE_CHARACTER.test(w) || w === 'a' || w === 'i'),
  ),
  ...EXTRA_ENGLISH,
]);

/**
 * Chinese stop words for retrieval, written for this project (natural's `stopwords_zh.js` is not
 * used: it lists 不 and single characters such as 年/月/日/中 that matter in tickets).
 *
 * Contains particles, pronouns, conjunctions, question words, modal verbs and ticket
 * pleasantries. Matched against whole jieba tokens, so a stop word only disappears when jieba
 * cut it out on its own ("有" goes, "没有" stays).
 *
 * Deliberately NOT included — negations and failure words, which distinguish faults: see
 * {@link CHINESE_NEGATIONS}.
 */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set([
  // structural and modal particles
  '的',
  '地',
  '得',
  '了',
  '着',
  '过',
  '吗',
  '呢',
  '啊',
  '吧',
  '呀',
  '嘛',
  '哦',
  '哈',
  '嗯',
  '噢',
  '喔',
  '哎',
  '啦',
  '么',
  // pronouns and demonstratives
  '我',
  '你',
  '您',
  '他',
  '她',
  '它',
  '我们',
  '你们',
  '他们',
  '咱们',
  '这',
  '那',
  '这个',
  '那个',
  '这些',
  '那些',
  '这样',
  '那样',
  // copula, prepositions, conjunctions, adverbs
  '是',
  '在',
  '和',
  '与',
  '及',
  '以及',
  '跟',
  '就',
  '都',
  '也',
  '还',
  '又',
  '有',
  '把',
  '被',
  '给',
  '让',
  '对',
  '从',
  '向',
  '为',
  '为了',
  '于',
  '而',
  '或',
  '或者',
  '但',
  '但是',
  '然后',
  '而且',
  '并且',
  '因为',
  '所以',
  '如果',
  '的话',
  '已经',
  '一个',
  '一下',
  // question words and modal verbs
  '怎么',
  '怎么办',
  '什么',
  '如何',
  '为什么',
  '请问',
  '可以',
  '能',
  '会',
  '要',
  '想',
  // pleasantries
  '请',
  '您好',
  '你好',
  '谢谢',
  '感谢',
  '麻烦',
  '辛苦',
]);

/**
 * Negations and failure words that are never stop words, although generic stop lists (natural's
 * `stopwords_zh.js` lists 不) drop some of them: "能上网" vs "不能上网" is the whole ticket.
 */
export const CHINESE_NEGATIONS: readonly string[] = [
  '不',
  '没',
  '没有',
  '无',
  '无法',
  '不能',
  '不会',
  '不了',
  '不行',
  '未',
  '非',
  '别',
  '失败',
];
