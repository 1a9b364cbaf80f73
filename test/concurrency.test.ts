import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { readTickets } from '../src/extract/read/index.js';
import { migrationsFor } from '../src/graph/cypher/migrations.js';
import { GrafeoRunner } from '../src/graph/cypher/grafeo-runner.js';
import { schemaFromOntology } from '../src/graph/schema.js';
import { openKnowledge } from '../src/knowledge.js';
import { UsageRecorder } from '../src/metrics/usage.js';
import { writeSeedArchive } from './support/crash.js';
import { auditGraph, mergeKeys } from './support/graph-audit.js';
import { RecordingRunner } from './support/recording-runner.js';
import { ROOT_DIR, seedQuestions, seededAnswerService } from './support/seeded.js';
import { statementSpace } from './support/statement-space.js';

/**
 * Two imports of overlapping archives at once on one store, with answer queries running all the
 * while: no duplicate node, every ticket imported exactly once, no failed read, and afterwards the
 * live answer service answers exactly as one opened fresh on the same graph. And every MERGE the
 * store runs is backed by a uniqueness constraint in both dialects' migrations.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kg-concurrency-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const clock = () => new Date('2026-11-01T00:00:00Z');

/** `(label, key)` of every `MERGE (x:Label {key: …})` in the statements. */
function mergedKeys(statements: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const s of statements)
    for (const m of s.matchAll(/MERGE \(\w+:`?(\w+)`? \{(\w+):/g)) out.add(`${m[1]}.${m[2]}`);
  return out;
}

describe('concurrency', () => {
  it('every MERGE key has a uniqueness constraint, in Neo4j and in the embedded store', async () => {
    const recorder = new RecordingRunner(new GrafeoRunner({ dir: null }));
    const s = await seededAnswerService({}, clock, { seed: true, runner: recorder });
    try {
      // The write paths beyond the statement space: an import (changeset, checkpoint) and the
      // usage counters.
      const archive = path.join(work, 'small.jsonl');
      writeSeedArchive(archive, 20, 7);
      await s.job.run(readTickets(archive), { source: archive, batchSize: 10 });
      const usage = new UsageRecorder(s.store, { flushMs: 60_000, clock });
      usage.answered(true);
      await usage.flush();
      await s.store.addUsage([{ day: '2026-11-02', questions: 1, answersServed: 1, helpful: 1 }]);
      const schema = schemaFromOntology(s.ontology);
      const statements = [
        ...recorder.take().map((r) => r.cypher),
        ...(await statementSpace(schema)),
      ];
      const merged = mergedKeys(statements);
      // The keys the graph audit checks for duplicates are exactly the keys the store MERGEs on.
      expect([...merged].sort()).toEqual(
        Object.entries(mergeKeys(schema))
          .map(([label, key]) => `${label}.${key}`)
          .sort(),
      );
      for (const dialect of ['neo4j', 'grafeo'] as const) {
        const ddl = migrationsFor(dialect, schema).flatMap((m) => m.statements);
        for (const key of merged) {
          const [label, prop] = key.split('.');
          expect(
            ddl.some((d) =>
              new RegExp(
                `^CREATE CONSTRAINT \\w+ IF NOT EXISTS FOR \\(n:\`?${label}\`?\\) REQUIRE n\\.${prop} IS UNIQUE$`,
              ).test(d),
            ),
            `${dialect}: no uniqueness constraint behind MERGE on ${key}`,
          ).toBe(true);
        }
      }
    } finally {
      await s.close();
    }
  });

  it('two overlapping imports at once, answers asked throughout: no duplicates, nothing lost, no failed read', async () => {
    const runner = new GrafeoRunner({ dir: null });
    const s = await seededAnswerService({}, clock, { seed: true, runner });
    try {
      const archive = path.join(work, 'archive.jsonl');
      writeSeedArchive(archive, 360, 20261206, 1000);
      const lines = fs.readFileSync(archive, 'utf8').trim().split('\n');
      const a = path.join(work, 'a.jsonl');
      const b = path.join(work, 'b.jsonl');
      fs.writeFileSync(a, lines.slice(0, 240).join('\n') + '\n');
      fs.writeFileSync(b, lines.slice(120).join('\n') + '\n');
      const ids = new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id));

      const questions = seedQuestions().map((q) => q.question);
      let importing = true;
      let reads = 0;
      const failures: string[] = [];
      const reader = (async () => {
        while (importing) {
          for (const q of questions) {
            try {
              const r = await s.answers.answer({ question: q });
              if (r.candidates.length === 0) failures.push(`no candidate for "${q}"`);
              reads++;
            } catch (e) {
              failures.push(String(e));
            }
            // A cached answer resolves without I/O: yield so the imports get the event loop.
            await new Promise((r) => setImmediate(r));
            if (!importing) break;
          }
        }
      })();
      const [ra, rb] = await Promise.all([
        s.job.run(readTickets(a), { source: a, batchSize: 20 }),
        s.job.run(readTickets(b), { source: b, batchSize: 20 }),
      ]).finally(() => (importing = false));
      await reader;

      expect(failures).toEqual([]);
      expect(reads).toBeGreaterThan(questions.length);
      expect(ra.failure ?? rb.failure).toBeNull();
      // Each ticket learnt once: the second sighting of an overlapping ticket is a skip.
      expect(ra.imported + ra.merged + rb.imported + rb.merged).toBe(ids.size);
      expect(ra.quarantined + rb.quarantined).toBe(0);

      const schema = schemaFromOntology(s.ontology);
      const audit = await auditGraph(runner, schema);
      expect(audit.duplicates).toEqual({});
      const cases = new Set(audit.caseIds);
      for (const id of ids) expect(cases.has(id), id).toBe(true);

      // The live service (index and caches updated batch by batch, by two runs interleaved)
      // answers exactly as a service opened fresh on the graph they left.
      const fresh = await openKnowledge({
        store: s.store,
        ontology: s.ontology,
        ontologyDir: path.join(ROOT_DIR, 'ontology'),
        log: pino({ level: 'silent' }),
        clock,
      });
      for (const q of questions) {
        const live = (await s.answers.answer({ question: q })).candidates;
        const cold = (await fresh.answers.answer({ question: q })).candidates;
        expect(
          live.map((c) => c.faultId),
          q,
        ).toEqual(cold.map((c) => c.faultId));
        live.forEach((c, i) => expect(c.score, q).toBeCloseTo(cold[i]!.score, 6));
      }
    } finally {
      await s.close();
    }
  }, 240_000);
});
