import { CypherStore } from '../../src/graph/cypher/cypher-store.js';
import { GrafeoRunner } from '../../src/graph/cypher/grafeo-runner.js';
import { SYSTEM_LABELS, type GraphSchema } from '../../src/graph/schema.js';
import type { Props, WriteBatch } from '../../src/graph/store.js';
import { RecordingRunner } from './recording-runner.js';

/**
 * Every statement text the store runs for benign values, by calling each store method once per
 * allow-listed shape (each entity type; each relation with each of its domain and range types;
 * both directions) on a scratch embedded store. Query texts depend only on these shapes, so a
 * text outside this set (plus what a benign API run produced) would mean a value reached the
 * text. Calls whose benign values are refused (a link to a missing node) still record the
 * statements they ran before refusing.
 */
export async function statementSpace(schema: GraphSchema): Promise<Set<string>> {
  const recorder = new RecordingRunner(new GrafeoRunner({ dir: null }));
  const store = new CypherStore(recorder, schema);
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch {
      // Refusals are expected here (missing endpoints); their statements were recorded.
    }
  };
  await store.migrate();
  const types = [...schema.entityTypes, SYSTEM_LABELS.concept];
  for (const type of types) {
    const props: Props = type === SYSTEM_LABELS.concept ? {} : { title: 't' };
    await attempt(() => store.apply({ nodes: [{ type, id: 'n1', props }] }));
    await attempt(() => store.apply({ nodes: [{ type, id: 'n1', props }] }));
    await attempt(() => store.getNodes(type, ['n1']));
    await attempt(() => store.scanNodes(type, null, 5));
    await attempt(() => store.nodesInStates(type, ['VALIDATED'], 5));
    await attempt(() => store.apply({ deletes: [{ type, id: 'n1' }] }));
    for (const r of schema.relations) {
      for (const direction of ['in', 'out'] as const)
        await attempt(() => store.neighbours(type, ['n1'], r.name, direction));
      await attempt(() => store.evidence(type, ['n1'], r.name));
    }
  }
  for (const r of schema.relations) {
    for (const from of r.from) {
      for (const to of r.to) {
        const link = { type: r.name, from: { type: from, id: 'a' }, to: { type: to, id: 'b' } };
        const ends: WriteBatch = {
          nodes: [
            { type: from, id: 'a', props: {} },
            { type: to, id: 'b', props: {} },
          ],
        };
        await attempt(() => store.apply({ links: [link] })); // refused: ends missing
        await attempt(() => store.apply({ ...ends, links: [{ ...link, props: { run: 'r' } }] }));
        await attempt(() => store.apply({ unlinks: [link] }));
      }
    }
  }
  await attempt(() => store.faultSummaries(['a']));
  await attempt(() => store.scanFaultSummaries(null, 5));
  await attempt(() => store.loadFaults(['a']));
  for (const direction of ['ancestors', 'descendants'] as const)
    await attempt(() => store.walkConcepts(['a'], direction, 3));
  await attempt(() => store.customerCases('c', '2026-01-01'));
  await attempt(() => store.recordOutcome('b', 'HELPFUL', null));
  await attempt(() => store.recordOutcome('b', 'HELPFUL', 'a'));
  await attempt(() => store.retractCase('a'));
  await attempt(() => store.counts());
  await attempt(() => store.ping());
  await store.close();
  return new Set(recorder.calls.map((c) => c.cypher));
}
