import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalExtractCommand } from '../src/commands/eval.js';
import type {
  Classification,
  ClassifyContext,
  SentenceClassifier,
} from '../src/extract/classify/classifier.js';
import { maskPii } from '../src/extract/pii.js';
import { readTickets } from '../src/extract/read/index.js';
import { openEvalEnv } from '../src/eval/env.js';
import { answerTokens, evalExtract, tokenF1 } from '../src/eval/extract.js';
import { ROOT_DIR } from './support/seeded.js';

const TINY = path.join(ROOT_DIR, 'test', 'fixtures', 'eval', 'tiny-extract.jsonl');
const config = { ontologyDir: path.join(ROOT_DIR, 'ontology') };

/** Temp directories of this file's tests, removed when they are done. */
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kg-eval-extract-'));
  scratch.push(dir);
  return dir;
}

/**
 * A classifier with a rule the expected figures can be worked out from by hand: a text with
 * "restart" / 重启 is a solution, the first turn (or sentence) of the customer a symptom, the rest
 * noise.
 */
const stub = {
  classify(text: string, ctx: ClassifyContext = {}): Classification {
    const role = /restart|重启/i.test(text)
      ? 'solution'
      : ctx.sender === 'customer' && ctx.position === 'first'
        ? 'symptom'
        : 'noise';
    const scores = { symptom: 0, cause: 0, solution: 0, noise: 0 };
    scores[role] = 1;
    return { role, scores };
  },
} as unknown as SentenceClassifier;

async function runStub() {
  const env = await openEvalEnv(config);
  try {
    return await evalExtract(readTickets(TINY), {
      classifier: stub,
      stages: () => ({
        catalog: env.answers.concepts,
        tokenizer: env.tokenizer,
        classifier: stub,
        mask: (t) => maskPii(t).text,
      }),
    });
  } finally {
    await env.close();
  }
}

describe('kg eval extract on a hand-made file', () => {
  it('normalizes answers SQuAD-style, Chinese by character', () => {
    expect(answerTokens('The Print-Spooler, restarted!')).toEqual([
      'print',
      'spooler',
      'restarted',
    ]);
    expect(answerTokens('重启WiFi路由器。')).toEqual(['重', '启', 'wifi', '路', '由', '器']);
    // restart print spooler service vs restart print spooler: P 3/4, R 1.
    expect(tokenF1('Restart the print spooler service.', 'restart the print spooler')).toBeCloseTo(
      6 / 7,
      10,
    );
    expect(tokenF1('', 'anything')).toBe(0);
    expect(tokenF1('a', 'the')).toBe(1);
  });

  it('scores turn roles and the baseline per language (CNUG0 → symptom, HNUG* → solution)', async () => {
    const r = await runStub();
    // zh: zA both right; zB's CNUG0 is not the first turn and its HNUG* has no restart → 2 / 4.
    expect(r.roles).toEqual({ zh: 0.5, en: 0.75 });
    expect(r.classifier.zh.recall).toEqual({ symptom: 0.5, solution: 0.5 });
    // en: eC both right, eD's "Reinstall the app" missed → 3 / 4; balanced = (1 + 0.5) / 2.
    expect(r.classifier.en.balancedAccuracy).toBe(0.75);
    expect(r.classifier.zh.gold).toEqual({ symptom: 2, solution: 2 });
    expect(r.classifier.en.rows).toBe(2);
    // Baseline: zB's first customer turn is a greeting (CNaN) → zh 3 / 4; en all right.
    expect(r.baseline.zh.accuracy).toBe(0.75);
    expect(r.baseline.en.accuracy).toBe(1);
  });

  it('computes solution F1 with the real extraction stages against the best gold answer', async () => {
    const r = await runStub();
    // eP: "Restart the print spooler service." vs "restart the print spooler" → 6/7 (the other
    // gold answer scores 0); zT: 请重启机顶盒 vs 重启机顶盒 → P 5/6, R 1 → 10/11; eL: no
    // solution extracted → 0.
    expect(r.f1.en).toMatchObject({
      rows: 2,
      noSolution: 1,
      f1: Math.round((6 / 7 / 2) * 1e4) / 1e4,
    });
    expect(r.f1.zh).toMatchObject({ rows: 1, f1: Math.round((10 / 11) * 1e4) / 1e4 });
    expect(r.solutionF1).toBe(Math.round(((6 / 7 + 10 / 11 + 0) / 3) * 1e4) / 1e4);
  });

  it('reports unusable rows with line and reason, skips rows without labels, runs the rest', async () => {
    const r = await runStub();
    expect(r.records).toBe(11);
    expect(r.unusable.map((u) => u.line)).toEqual([5, 6, 10]);
    expect(r.unusable[0]!.reason).toMatch(/2 turns but .* 3 labels/);
    expect(r.unusable[1]!.reason).toMatch(/JSON/i);
    expect(r.unusable[2]!.reason).toMatch(/gold_short_answers/);
    expect(r.unusableCount).toBe(3);
    expect(r.skipped).toBe(1); // the row without meta
    expect(r.n).toBe(7); // 4 labelled dialogues + 3 rows with usable gold answers
  });

  it('prints the JSON keys exactly, through the real CLI', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'eval', 'extract', TINY, '--json'],
      { cwd: ROOT_DIR, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout) as {
      roles: Record<string, unknown>;
      solution_f1: unknown;
      n: unknown;
    };
    expect(Object.keys(out)).toEqual(['roles', 'solution_f1', 'n']);
    expect(Object.keys(out.roles)).toEqual(['zh', 'en']);
    expect(out.n).toBe(7);
    for (const v of [out.roles.zh, out.roles.en, out.solution_f1]) {
      expect(typeof v).toBe('number');
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  }, 60_000);

  it('prints a table with the unusable rows, and fails clearly on a missing or useless file', async () => {
    let text = '';
    await evalExtractCommand(config as never, TINY, false, (s) => (text += s));
    expect(text).toContain(`${TINY}:5 (zE): unusable: turn roles not scored`);
    expect(text).toContain(`${TINY}:6: unusable:`);
    expect(text).toMatch(/11 records, 7 scored, 1 skipped .* 3 unusable/);
    expect(text).toMatch(/accuracy \(pooled\)/);
    expect(text).toMatch(/solution token F1/);

    await expect(
      evalExtractCommand(config as never, path.join(ROOT_DIR, 'no-such.jsonl'), true, () => {}),
    ).rejects.toThrow(/cannot read/);
    const dir = scratchDir();
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id": \n not json\n');
    await expect(evalExtractCommand(config as never, bad, true, () => {})).rejects.toThrow(
      /no record .* could be used/,
    );
  });

  it('keeps a labelled row whose unused fields are malformed, with a warning per field', async () => {
    const dir = scratchDir();
    const file = path.join(dir, 'damaged.jsonl');
    const row = {
      id: 'd1',
      lang: 'en',
      description: 'my router will not connect',
      resolution: 'please restart the router',
      duplicate_of: 'd0',
      cause: { not: 'text' },
      meta: {
        dialogue: [
          { sender: 'customer', text: 'my router will not connect' },
          { sender: 'helpdesk', text: 'please restart the router' },
        ],
        turn_nugget_majority: ['CNUG0', 'HNUG*'],
      },
    };
    writeFileSync(file, JSON.stringify(row) + '\n');
    // An import refuses the row (it would learn from the cause and link the duplicate) …
    const imported = [];
    for await (const item of readTickets(file)) imported.push(item);
    expect(imported.map((i) => i.kind)).toEqual(['bad']);
    // … the turn-role evaluation needs neither, so it scores the row and says what it ignored.
    let text = '';
    await evalExtractCommand(config as never, file, false, (s) => (text += s));
    expect(text).toMatch(/1 records, 1 scored, 0 skipped .* 0 unusable/);
    expect(text).toContain(
      `${file}:1: warning: duplicate_of must be a list, got string; set to an empty list`,
    );
    expect(text).toContain(`${file}:1: warning: cause must be a string, got object; set to null`);
  });

  it('gives nulls on a file without labels', async () => {
    const dir = scratchDir();
    const plain = path.join(dir, 'plain.jsonl');
    writeFileSync(plain, '{"id":"x","lang":"en","description":"It broke.","meta":{}}\n');
    let text = '';
    await evalExtractCommand(config as never, plain, true, (s) => (text += s));
    expect(JSON.parse(text)).toEqual({ roles: { zh: null, en: null }, solution_f1: null, n: 0 });
  });
});
