/** Where a JSON text is first invalid, and why. */
export interface JsonErrorLocation {
  /** 0-based offset in UTF-16 code units. */
  offset: number;
  message: string;
  /** True when the text ends before the value does (a truncated line). */
  truncated: boolean;
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const LITERALS = ['true', 'false', 'null'];
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function show(c: string): string {
  return JSON.stringify(c);
}

/**
 * Finds the first syntax error in a JSON text, because `JSON.parse` messages do not always say
 * where it is (V8 echoes the input instead for some errors). Iterative and linear, so deeply
 * nested or very long input cannot overflow the stack. Returns `null` for valid JSON.
 *
 * Limits: reports only the first error; offsets count UTF-16 code units.
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  const n = text.length;
  const stack: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const fail = (offset: number, message: string, truncated = false): JsonErrorLocation => ({
    offset,
    message,
    truncated,
  });
  const afterValue = (): Expect => (stack.length > 0 ? 'commaOrClose' : 'end');

  for (;;) {
    while (i < n && isSpace(text.charAt(i))) i++;
    if (i >= n) {
      if (expect === 'end') return null;
      return fail(n, 'unexpected end of input', true);
    }
    const c = text.charAt(i);
    switch (expect) {
      case 'end':
        return fail(i, `unexpected ${show(c)} after the end of the JSON value`);
      case 'colon':
        if (c !== ':') return fail(i, `expected ":" after a property name, got ${show(c)}`);
        i++;
        expect = 'value';
        break;
      case 'commaOrClose': {
        const close = stack[stack.length - 1] === '{' ? '}' : ']';
        if (c === ',') {
          i++;
          expect = close === '}' ? 'key' : 'value';
        } else if (c === close) {
          stack.pop();
          i++;
          expect = afterValue();
        } else {
          return fail(i, `expected "," or "${close}", got ${show(c)}`);
        }
        break;
      }
      case 'key':
      case 'keyOrClose':
        if (expect === 'keyOrClose' && c === '}') {
          stack.pop();
          i++;
          expect = afterValue();
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          expect = 'colon';
        } else {
          return fail(i, `expected a property name in double quotes, got ${show(c)}`);
        }
        break;
      case 'value':
      case 'valueOrClose':
        if (expect === 'valueOrClose' && c === ']') {
          stack.pop();
          i++;
          expect = afterValue();
        } else if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          expect = afterValue();
        } else if (c === '-' || (c >= '0' && c <= '9')) {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          if (m === null) return fail(i, 'invalid number', i + 1 >= n);
          i += m[0].length;
          expect = afterValue();
        } else {
          const literal = LITERALS.find((w) => text.startsWith(w, i));
          if (literal !== undefined) {
            i += literal.length;
            expect = afterValue();
          } else if (LITERALS.some((w) => n - i < w.length && w.startsWith(text.slice(i)))) {
            return fail(n, 'unexpected end of input', true);
          } else {
            return fail(i, `unexpected ${show(c)} where a value was expected`);
          }
        }
        break;
    }
  }
}

function scanString(text: string, start: number): number | JsonErrorLocation {
  const n = text.length;
  let j = start + 1;
  while (j < n) {
    const ch = text.charAt(j);
    if (ch === '"') return j + 1;
    if (ch === '\\') {
      const next = text.charAt(j + 1);
      if (next === '') break;
      if (next === 'u') {
        const hex = text.slice(j + 2, j + 6);
        if (hex.length < 4) break;
        if (!HEX4.test(hex)) return { offset: j, message: 'invalid \\u escape', truncated: false };
        j += 6;
        continue;
      }
      if (!ESCAPES.has(next)) {
        return { offset: j, message: `invalid escape \\${next}`, truncated: false };
      }
      j += 2;
      continue;
    }
    if (ch < ' ') {
      return { offset: j, message: 'unescaped control character in a string', truncated: false };
    }
    j++;
  }
  return { offset: start, message: 'unterminated string', truncated: true };
}
