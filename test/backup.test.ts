import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSnapshot } from '../src/backup/export.js';
import { restoreSnapshot } from '../src/backup/restore.js';
import { BadInputError, ConflictError } from '../src/errors.js';
import { CurationService } from '../src/extract/curation.js';
import { readTickets } from '../src/extract/read/index.js';
import { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../src/graph/cypher/grafeo-runner.js';
import { schemaFromOntology, type GraphSchema } from '../src/graph/schema.js';
import { openKnowledge } from '../src/knowledge.js';
import { ROOT_DIR, seedQuestions, seededAnswerService, type Seeded } from './support/seeded.js';
import { checkWellFormed, pythonXml } from './support/xml.js';

/**
 * Backups: the seeded graph plus an extraction import, feedback and a review decision is exported,
 * restored into a fresh store and exported again: the two snapshots are byte-identical apart from
 * the header's creation time, every label and type has the same count, and the restored graph
 * answers the seed questions the same way.
 */
const CLOCK = () => new Date('2026-11-01T00:00:00Z');
let seeded: Seeded;
let schema: GraphSchema;
let dir: string;
let snapshot: string;

/** Strings a snapshot must carry verbatim (quotes, markup, line breaks, controls, astral). */
const HOSTILE = [
  `He said "it's <b>down</b>" & left`,
  'line one\nline two\r\n\ttabbed',
  'ctrl \u0001\u0008\u001f and \u007f',
  '🙂 服务器宕机 `Fault` }) DETACH DELETE n //',
  '\uFFFE\uFFFF',
];

async function freshStore(): Promise<CypherStore> {
  const store = new CypherStore(new GrafeoRunner({ dir: null }), schema);
  await store.migrate();
  return store;
}

function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n');
}

/** The header without its creation time, and the body. */
function comparable(file: string) {
  const [head, ...body] = lines(file);
  const header = JSON.parse(head!) as Record<string, unknown>;
  delete header.createdAt;
  return { header, body };
}

beforeAll(async () => {
  seeded = await seededAnswerService({}, CLOCK);
  schema = schemaFromOntology(seeded.ontology);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-backup-test-'));
  for (const name of ['seed-schema.jsonl', 'shared-schema.jsonl']) {
    const file = path.join(ROOT_DIR, 'test', 'fixtures', 'tickets', name);
    const s = await seeded.job.run(readTickets(file), { source: file });
    expect(s.imported + s.merged).toBeGreaterThan(0);
  }
  // Feedback (outcome counters and an outcome on an APPLIED edge) and a review decision.
  const [solution] = await seeded.store.scanNodes('Solution', null, 1);
  const [kase] = await seeded.store.scanNodes('Case', null, 1);
  await seeded.store.recordOutcome(solution!.id, 'NOT_HELPFUL', kase!.id);
  const queue = await new CurationService(seeded.store, seeded.answers, CLOCK).queue(5);
  if (queue.items[0]) {
    await new CurationService(seeded.store, seeded.answers, CLOCK).review(
      queue.items[0].fact.id,
      'APPROVE',
      null,
      'tester',
    );
  }
  await seeded.store.apply({
    nodes: HOSTILE.map((title, i) => ({ type: 'Fault', id: `hostile-${i}`, props: { title } })),
  });
  snapshot = path.join(dir, 'a.jsonl');
  await exportSnapshot(seeded.store, schema, snapshot, {
    format: 'jsonl',
    pageSize: 7,
    now: CLOCK,
  });
});

afterAll(async () => {
  await seeded.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kg export (JSONL snapshot)', () => {
  it('writes a header with format, ontology version, counts and time, then nodes, then edges', async () => {
    const [head, ...body] = lines(snapshot).filter((l) => l !== '');
    const header = JSON.parse(head!) as {
      format: string;
      formatVersion: number;
      createdAt: string;
      ontologyVersion: string;
      counts: { nodes: Record<string, number>; edges: Record<string, number> };
    };
    expect(header).toMatchObject({
      format: 'supportgraph-snapshot',
      formatVersion: 1,
      createdAt: '2026-11-01T00:00:00.000Z',
      ontologyVersion: seeded.ontology.version,
    });
    const counts = await seeded.store.counts();
    const { SchemaMigration, ...nodes } = counts.nodes;
    expect(SchemaMigration).toBeGreaterThan(0);
    expect(header.counts).toEqual({ nodes, edges: counts.edges });
    expect(nodes.Changeset).toBeGreaterThan(0);
    expect(nodes.ImportCheckpoint).toBe(2);
    const kinds = body.map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds.lastIndexOf('node')).toBeLessThan(kinds.indexOf('edge'));
    expect(kinds.length).toBe(
      Object.values(nodes).reduce((a, b) => a + b, 0) +
        Object.values(counts.edges).reduce((a, b) => a + b, 0),
    );
  });

  it('carries concepts with labels, aliases and parents, evidence scores and provenance', () => {
    const parsed = lines(snapshot)
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const concept = parsed.find((x) => x.label === 'Concept' && x.key === 'power-module') as {
      props: Record<string, unknown>;
    };
    expect(concept.props).toMatchObject({ label_zh: '电源模块', type: 'Fault' });
    expect(Array.isArray(concept.props.aliases_en)).toBe(true);
    expect(
      parsed.some(
        (x) =>
          x.type === 'IS_A' &&
          (x.from as string[])[1] === 'power-module' &&
          (x.to as string[])[0] === 'Concept',
      ),
    ).toBe(true);
    const reports = parsed.filter((x) => x.type === 'REPORTS') as {
      props: Record<string, unknown>;
    }[];
    expect(reports.some((r) => typeof r.props.run === 'string')).toBe(true);
    expect(
      parsed.some(
        (x) => x.type === 'APPLIED' && (x.props as { outcome?: string }).outcome === 'NOT_HELPFUL',
      ),
    ).toBe(true);
    const titles = parsed
      .filter((x) => x.label === 'Fault' && String(x.key).startsWith('hostile-'))
      .map((x) => (x.props as { title: string }).title);
    expect(titles).toEqual(HOSTILE);
  });
});

describe('kg import --snapshot (restore)', () => {
  let restored: CypherStore;
  let again: string;

  beforeAll(async () => {
    restored = await freshStore();
    const r = await restoreSnapshot(restored, schema, snapshot, { batchSize: 50 });
    expect(r.cleared).toBe(0);
    again = path.join(dir, 'b.jsonl');
    await exportSnapshot(restored, schema, again, {
      format: 'jsonl',
      now: () => new Date('2027-01-01T00:00:00Z'),
    });
  });
  afterAll(async () => {
    await restored.close();
  });

  it('round-trips byte for byte apart from the creation time', () => {
    const a = comparable(snapshot);
    const b = comparable(again);
    expect(b.header).toEqual(a.header);
    expect(b.body.length).toBe(a.body.length);
    expect(b.body.join('\n') === a.body.join('\n')).toBe(true);
    expect(lines(again)[0]).toContain('"createdAt":"2027-01-01T00:00:00.000Z"');
  });

  it('gives equal counts of every label and relationship type', async () => {
    expect(await restored.counts()).toEqual(await seeded.store.counts());
  });

  it('answers the seed questions exactly as the original graph does', async () => {
    // Both answer services are built fresh from their store (the seeded one's index was updated
    // write by write, and BM25 statistics after incremental updates differ in the last digit).
    const open = (store: CypherStore) =>
      openKnowledge({
        store,
        ontology: seeded.ontology,
        ontologyDir: path.join(ROOT_DIR, 'ontology'),
        log: pino({ level: 'silent' }),
        clock: CLOCK,
      });
    const original = await open(seeded.store);
    const copy = await open(restored);
    const questions = seedQuestions().filter((_, i) => i % 6 === 0);
    expect(questions.length).toBeGreaterThanOrEqual(10);
    for (const q of questions) {
      const input = { question: q.question, customerId: 'C077' };
      const want = await original.answers.answer(input);
      expect(want.candidates.length).toBeGreaterThan(0);
      expect(await copy.answers.answer(input)).toEqual(want);
    }
  });

  it('refuses a store that is not empty, and replaces its content with --force', async () => {
    const target = await freshStore();
    try {
      await target.apply({ nodes: [{ type: 'Fault', id: 'stray', props: { title: 'x' } }] });
      const refused = restoreSnapshot(target, schema, snapshot);
      await expect(refused).rejects.toBeInstanceOf(ConflictError);
      await expect(restoreSnapshot(target, schema, snapshot)).rejects.toThrow(
        /not empty \(Fault 1\).*--force/,
      );
      const r = await restoreSnapshot(target, schema, snapshot, { force: true });
      expect(r.cleared).toBe(1);
      expect(await target.getNodes('Fault', ['stray'])).toEqual([]);
      expect(await target.counts()).toEqual(await seeded.store.counts());
    } finally {
      await target.close();
    }
  });
});

describe('a bad snapshot is refused with line and reason, before anything is written', () => {
  async function refusal(mutate: (ls: string[]) => string[]): Promise<string> {
    const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.jsonl`);
    fs.writeFileSync(file, mutate(lines(snapshot).filter((l) => l !== '')).join('\n') + '\n');
    const target = await freshStore();
    try {
      const error = await restoreSnapshot(target, schema, file).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BadInputError);
      const { SchemaMigration, ...rest } = (await target.counts()).nodes;
      expect(SchemaMigration).toBeGreaterThan(0);
      expect(rest).toEqual({});
      return (error as Error).message.replaceAll(file, 'FILE');
    } finally {
      await target.close();
    }
  }

  it('a truncated file (counts short of the header)', async () => {
    const message = await refusal((ls) => ls.slice(0, ls.length - 10));
    expect(message).toMatch(
      /FILE:\d+ \(end of file\): the header announces \d+ edge\(s\) of type \w+, the file holds \d+ \(truncated\?\)/,
    );
  });

  const edgeLine = (type: string, from: string[], to: string[]) =>
    JSON.stringify({ kind: 'edge', type, from, to, props: {} });

  it('a cut line, an unknown label, an invalid property, an edge to an unknown node', async () => {
    let n = 0;
    const message = await refusal((ls) => {
      n = ls.length;
      return [
        ...ls,
        ls[1]!.slice(0, 20),
        JSON.stringify({ kind: 'node', label: 'Person', key: 'p', props: {} }),
        JSON.stringify({ kind: 'node', label: 'Fault', key: 'x', props: { 'a-b': 1 } }),
        edgeLine('REPORTS', ['Case', 'never-defined'], ['Fault', 'hostile-0']),
        JSON.stringify({ kind: 'node', label: 'Fault', key: 'y', props: { m: { a: 1 } } }),
        edgeLine('KNOWS', ['Fault', 'y'], ['Fault', 'x']),
      ];
    });
    expect(message).toMatch(
      /^FILE is not a restorable snapshot \(7 problem\(s\)\); nothing was written/,
    );
    expect(message).toMatch(
      new RegExp(`FILE:${n + 1}: invalid JSON at column \\d+: .*\\(truncated line\\?\\)`),
    );
    expect(message).toContain(`FILE:${n + 2}: label 'Person' is not in the ontology`);
    expect(message).toContain(`FILE:${n + 3}: props: invalid property name 'a-b'`);
    expect(message).toContain(
      `FILE:${n + 4}: REPORTS edge from Case:never-defined to Fault:hostile-0: Case:never-defined not defined on an earlier line`,
    );
    expect(message).toMatch(new RegExp(`FILE:${n + 5}: props\\.m: unsupported value`));
    expect(message).toContain(`FILE:${n + 6}: relation type 'KNOWS' is not in the ontology`);
    // The REPORTS edge counts, so the file holds one more than the header announces.
    expect(message).toContain(`FILE:${n + 6} (end of file): the header announces`);
  });

  it('a node twice, and a file that is not a snapshot', async () => {
    expect(await refusal((ls) => [...ls.slice(0, 3), ls[2]!, ...ls.slice(3)])).toMatch(
      /FILE:4: node \w+:\S+ appears twice/,
    );
    expect(await refusal((ls) => ls.slice(1))).toMatch(/FILE:1: not a supportgraph snapshot/);
    expect(await refusal(() => [])).toMatch(/FILE:1: empty file/);
    expect(
      await refusal((ls) => [
        ls[0]!.replace('"formatVersion":1', '"formatVersion":2'),
        ...ls.slice(1),
      ]),
    ).toMatch(/format version 2 is newer/);
  });
});

describe('kg export --format graphml', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(dir, 'g.graphml');
    await exportSnapshot(seeded.store, schema, file, {
      format: 'graphml',
      pageSize: 50,
      now: CLOCK,
    });
  });

  it('is well-formed XML with every key declared and every node and edge', async () => {
    const xml = fs.readFileSync(file, 'utf8');
    expect(checkWellFormed(xml)).toBeNull();
    const declared = new Set([...xml.matchAll(/<key id="([^"]+)"/g)].map((m) => m[1]));
    const used = new Set([...xml.matchAll(/<data key="([^"]+)"/g)].map((m) => m[1]));
    expect([...used].filter((k) => !declared.has(k))).toEqual([]);
    const counts = await seeded.store.counts();
    const nodes = { ...counts.nodes, SchemaMigration: 0 };
    const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
    expect((xml.match(/<node /g) ?? []).length).toBe(sum(nodes));
    expect((xml.match(/<edge /g) ?? []).length).toBe(sum(counts.edges));
    expect(xml).toContain('He said &quot;it&apos;s &lt;b&gt;down&lt;/b&gt;&quot; &amp; left');
    expect(xml).toContain('line one&#10;line two&#13;&#10;&#9;tabbed');
  });

  it('parses with a real XML parser and networkx when python3 has them', (ctx) => {
    const r = pythonXml(file);
    if (r === null) ctx.skip();
    expect(r!.error).toBe('');
    expect(r!.parsed).toBe(true);
    if (r!.networkx) {
      const xml = fs.readFileSync(file, 'utf8');
      expect(r!.networkx).toEqual({
        nodes: (xml.match(/<node /g) ?? []).length,
        edges: (xml.match(/<edge /g) ?? []).length,
      });
    }
  });

  it('the strict checker catches what it must', () => {
    expect(checkWellFormed('<a><b></a></b>')).toMatch(/does not match/);
    expect(checkWellFormed('<a x="1" x="2"/>')).toMatch(/twice/);
    expect(checkWellFormed('<a>&nbsp;</a>')).toMatch(/entity/);
    expect(checkWellFormed('<a>\u0001</a>')).toMatch(/U\+1/);
    expect(checkWellFormed('<a/><b/>')).toMatch(/more than one root/);
    expect(checkWellFormed('<a x="<"/>')).toMatch(/'<' in an attribute/);
    expect(checkWellFormed('<?xml version="1.0"?>\n<a k="v">t &amp; &#10;</a>\n')).toBeNull();
  });
});
