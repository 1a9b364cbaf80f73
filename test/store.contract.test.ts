import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CypherStore } from '../src/graph/cypher/cypher-store.js';
import { applyOntology, planOntology } from '../src/graph/ontology/plan.js';
import type { WriteBatch } from '../src/graph/store.js';
import { BadInputError, ConflictError } from '../src/errors.js';
import { openTestStore, STORE_TARGETS, testOntology, TEST_CONCEPTS } from './support/stores.js';

/** A small three-tier graph: one product, a fault with a cause, solutions and two cases. */
function sampleBatch(): WriteBatch {
  const F = { type: 'Fault', id: 'f-psu' };
  const C = { type: 'Cause', id: 'c-aging' };
  const S1 = { type: 'Solution', id: 's-replace' };
  const S2 = { type: 'Solution', id: 's-reseat' };
  const K1 = { type: 'Case', id: 'T1' };
  const K2 = { type: 'Case', id: 'T2' };
  return {
    nodes: [
      { type: 'Product', id: 'p-cloud', props: { name: 'Cloud Server' } },
      { type: 'Component', id: 'm-psu', props: { name: 'PSU' } },
      {
        ...F,
        props: {
          title: 'Server down: power module failed',
          phrasings: ['server down', '服务器宕机'],
          confidence: 0.9,
        },
      },
      { ...C, props: { text: 'PSU aged' } },
      { ...S1, props: { title: 'Replace PSU', steps: ['open ticket', 'swap PSU'], helpful: 3 } },
      { ...S2, props: { title: 'Reseat PSU' } },
      { ...K1, props: { subject: 'server down', createdAt: '2026-09-01T00:00:00Z' } },
      { ...K2, props: { subject: '服务器宕机' } },
    ],
    links: [
      {
        type: 'PART_OF',
        from: { type: 'Component', id: 'm-psu' },
        to: { type: 'Product', id: 'p-cloud' },
      },
      { type: 'AFFECTS', from: F, to: { type: 'Component', id: 'm-psu' } },
      { type: 'HAS_CAUSE', from: F, to: C, props: { score: 0.8 } },
      { type: 'RESOLVED_BY', from: C, to: S1 },
      { type: 'RESOLVED_BY', from: F, to: S2 },
      { type: 'REPORTS', from: K1, to: F },
      { type: 'REPORTS', from: K2, to: F },
      { type: 'IDENTIFIED', from: K1, to: C },
      { type: 'APPLIED', from: K1, to: S1 },
      { type: 'APPLIED', from: K2, to: S2 },
      { type: 'INSTANCE_OF', from: F, to: { type: 'Concept', id: 'power-module' } },
      { type: 'INSTANCE_OF', from: C, to: { type: 'Concept', id: 'cause-aging' } },
      { type: 'INSTANCE_OF', from: S1, to: { type: 'Concept', id: 'sol-replace' } },
    ],
  };
}

for (const target of STORE_TARGETS) {
  describe.skipIf(!target.enabled)(`GraphStore contract: ${target.name}`, () => {
    let store: CypherStore;
    const ontology = testOntology();

    beforeEach(async () => {
      store = await openTestStore(target, ontology);
      await applyOntology(store, ontology);
    });
    afterEach(async () => {
      await store.close();
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('migrate', () => {
      it('records what ran and runs nothing twice', async () => {
        const again = await store.migrate();
        expect(again.applied).toEqual([]);
        expect(again.alreadyApplied).toContain('001-system-constraints');
        expect(again.alreadyApplied).toContain('002-unique-id:Fault');
        expect((await store.counts()).nodes.SchemaMigration).toBe(again.alreadyApplied.length);
      });
    });

    describe('apply', () => {
      it('creates, then updates, reporting which', async () => {
        const first = await store.apply(sampleBatch());
        expect(first.nodesCreated).toBe(8);
        expect(first.nodesUpdated).toBe(0);
        expect(first.linksMerged).toBe(13);
        const second = await store.apply(sampleBatch());
        expect(second.nodesCreated).toBe(0);
        expect(second.nodesUpdated).toBe(8);
        const counts = await store.counts();
        expect(counts.nodes.Fault).toBe(1);
        expect(counts.nodes.Case).toBe(2);
        expect(counts.edges.REPORTS).toBe(2);
        expect(counts.edges.INSTANCE_OF).toBe(3);
      });

      it('reports every touched node', async () => {
        const r = await store.apply(sampleBatch());
        const keys = r.touched.map((t) => `${t.type}:${t.id}`);
        expect(keys).toEqual(
          expect.arrayContaining(['Fault:f-psu', 'Case:T2', 'Concept:power-module']),
        );
      });

      it('sets and removes properties (null removes)', async () => {
        await store.apply(sampleBatch());
        await store.apply({
          nodes: [{ type: 'Fault', id: 'f-psu', props: { confidence: null, state: 'VALIDATED' } }],
        });
        const [f] = await store.getNodes('Fault', ['f-psu']);
        expect(f!.props).toEqual({
          title: 'Server down: power module failed',
          phrasings: ['server down', '服务器宕机'],
          state: 'VALIDATED',
        });
      });

      it('rolls the whole batch back when a link endpoint is missing', async () => {
        const batch: WriteBatch = {
          nodes: [{ type: 'Fault', id: 'f-new', props: { title: 'x' } }],
          links: [
            {
              type: 'HAS_CAUSE',
              from: { type: 'Fault', id: 'f-new' },
              to: { type: 'Cause', id: 'nope' },
            },
          ],
        };
        await expect(store.apply(batch)).rejects.toThrow(/Cause:nope/);
        await expect(store.apply(batch)).rejects.toBeInstanceOf(BadInputError);
        expect(await store.getNodes('Fault', ['f-new'])).toEqual([]);
      });

      it('refuses types, relations and properties the ontology does not allow, before writing', async () => {
        await expect(
          store.apply({ nodes: [{ type: 'Person', id: 'x', props: {} }] }),
        ).rejects.toThrow(/unknown entity type 'Person'/);
        await expect(
          store.apply({
            nodes: [{ type: 'Fault', id: 'ok', props: {} }],
            links: [
              {
                type: 'PART_OF',
                from: { type: 'Fault', id: 'ok' },
                to: { type: 'Product', id: 'p' },
              },
            ],
          }),
        ).rejects.toThrow(/PART_OF cannot start at Fault/);
        await expect(
          store.apply({ nodes: [{ type: 'Fault', id: 'ok', props: { 'a-b': 1 } }] }),
        ).rejects.toThrow(/invalid property name/);
        await expect(
          store.apply({ nodes: [{ type: 'Fault', id: 'ok', props: { m: { a: 1 } as never } }] }),
        ).rejects.toThrow(/unsupported value/);
        expect((await store.counts()).nodes.Fault ?? 0).toBe(0);
      });

      it('keeps one edge per source for to-one relations (PART_OF is many-to-one)', async () => {
        await store.apply(sampleBatch());
        await store.apply({
          nodes: [{ type: 'Product', id: 'p-other', props: { name: 'Other' } }],
          links: [
            {
              type: 'PART_OF',
              from: { type: 'Component', id: 'm-psu' },
              to: { type: 'Product', id: 'p-other' },
            },
          ],
        });
        expect((await store.counts()).edges.PART_OF).toBe(1);
      });

      it('unlinks and deletes', async () => {
        await store.apply(sampleBatch());
        const r = await store.apply({
          unlinks: [
            {
              type: 'RESOLVED_BY',
              from: { type: 'Fault', id: 'f-psu' },
              to: { type: 'Solution', id: 's-reseat' },
            },
          ],
          deletes: [{ type: 'Case', id: 'T2' }],
        });
        expect(r.linksRemoved).toBe(1);
        expect(r.nodesDeleted).toBe(1);
        const [f] = await store.loadFaults(['f-psu']);
        expect(f!.solutions).toEqual([]);
        expect(f!.cases).toEqual(['T1']);
      });

      it('stores hostile strings verbatim as values, never as query text', async () => {
        const nasty = [
          "x' }) DETACH DELETE n //",
          '`Fault`',
          'a\u0000b'.replace('\u0000', '\u200b'),
          '"; DROP TABLE x; --',
          '🙂 服务器',
        ];
        await store.apply({
          nodes: nasty.map((s, i) => ({ type: 'Fault', id: `n${i}${s}`, props: { title: s } })),
        });
        const got = await store.getNodes(
          'Fault',
          nasty.map((s, i) => `n${i}${s}`),
        );
        expect(got.map((g) => g.props.title).sort()).toEqual([...nasty].sort());
      });
    });

    describe('reads', () => {
      beforeEach(async () => {
        await store.apply(sampleBatch());
      });

      it('loads a fault with causes, solutions, evidence and concepts', async () => {
        const [f] = await store.loadFaults(['f-psu']);
        expect(f).toMatchObject({
          type: 'Fault',
          id: 'f-psu',
          concepts: ['power-module'],
          components: ['m-psu'],
          cases: ['T1', 'T2'],
        });
        expect(f!.causes).toHaveLength(1);
        expect(f!.causes[0]).toMatchObject({
          id: 'c-aging',
          concepts: ['cause-aging'],
          cases: ['T1'],
        });
        expect(f!.causes[0]!.solutions.map((s) => [s.id, s.cases, s.props.steps])).toEqual([
          ['s-replace', ['T1'], ['open ticket', 'swap PSU']],
        ]);
        expect(f!.solutions.map((s) => s.id)).toEqual(['s-reseat']);
      });

      it('summarises faults for the answer index, by id and by scan', async () => {
        await store.apply({
          links: [
            {
              type: 'INSTANCE_OF',
              from: { type: 'Component', id: 'm-psu' },
              to: { type: 'Concept', id: 'cloud-server' },
            },
          ],
        });
        const [s] = await store.faultSummaries(['f-psu', 'nope']);
        expect(s).toMatchObject({
          id: 'f-psu',
          concepts: ['power-module'],
          relatedConcepts: ['cause-aging', 'cloud-server'],
          caseCount: 2,
        });
        expect(s!.props.title).toBe('Server down: power module failed');
        expect(await store.scanFaultSummaries(null, 10)).toEqual([s]);
        expect(await store.scanFaultSummaries('f-psu', 10)).toEqual([]);
      });

      it('keeps the caller order and leaves out missing faults', async () => {
        await store.apply({ nodes: [{ type: 'Fault', id: 'f-a', props: { title: 'a' } }] });
        const got = await store.loadFaults(['missing', 'f-psu', 'f-a', 'f-psu']);
        expect(got.map((f) => f.id)).toEqual(['f-psu', 'f-a']);
        expect(await store.loadFaults([])).toEqual([]);
      });

      it('looks nodes up by id and pages through a type', async () => {
        await store.apply({
          nodes: ['b', 'a', 'c'].map((id) => ({ type: 'Component', id, props: { name: id } })),
        });
        expect((await store.getNodes('Component', ['c', 'zz'])).map((n) => n.id)).toEqual(['c']);
        const p1 = await store.scanNodes('Component', null, 2);
        const p2 = await store.scanNodes('Component', p1.at(-1)!.id, 2);
        const p3 = await store.scanNodes('Component', p2.at(-1)!.id, 2);
        expect([...p1, ...p2].map((n) => n.id)).toEqual(['a', 'b', 'c', 'm-psu']);
        expect(p3).toEqual([]);
      });

      it('walks concept ancestors and descendants with hop counts', async () => {
        expect(await store.walkConcepts(['power-module'], 'ancestors', 4)).toEqual([
          { from: 'power-module', id: 'hardware-fault', depth: 1 },
          { from: 'power-module', id: 'server-down', depth: 2 },
        ]);
        expect(await store.walkConcepts(['power-module'], 'ancestors', 1)).toHaveLength(1);
        expect(await store.walkConcepts(['server-down'], 'descendants', 4)).toEqual([
          { from: 'server-down', id: 'hardware-fault', depth: 1 },
          { from: 'server-down', id: 'disk-fault', depth: 2 },
          { from: 'server-down', id: 'power-module', depth: 2 },
        ]);
        await expect(store.walkConcepts(['x'], 'ancestors', 0)).rejects.toBeInstanceOf(
          BadInputError,
        );
      });

      it('follows one relation out of or into nodes', async () => {
        expect(await store.neighbours('Fault', ['f-psu'], 'RESOLVED_BY', 'out')).toEqual([
          { id: 'f-psu', other: { type: 'Solution', id: 's-reseat' } },
        ]);
        expect(
          await store.neighbours('Solution', ['s-replace', 's-reseat'], 'RESOLVED_BY', 'in'),
        ).toEqual([
          { id: 's-replace', other: { type: 'Cause', id: 'c-aging' } },
          { id: 's-reseat', other: { type: 'Fault', id: 'f-psu' } },
        ]);
        expect(await store.neighbours('Concept', ['power-module'], 'INSTANCE_OF', 'in')).toEqual([
          { id: 'power-module', other: { type: 'Fault', id: 'f-psu' } },
        ]);
      });

      it("finds a customer's recent cases with their faults", async () => {
        await store.apply({
          nodes: [
            {
              type: 'Case',
              id: 'T1',
              props: { customerId: 'C1', createdAt: '2026-09-01T00:00:00Z' },
            },
            {
              type: 'Case',
              id: 'T2',
              props: { customerId: 'C1', createdAt: '2026-09-05T00:00:00Z' },
            },
          ],
        });
        expect(await store.customerCases('C1', '2026-09-02T00:00:00Z')).toEqual([
          { id: 'T2', createdAt: '2026-09-05T00:00:00Z', faults: ['f-psu'] },
        ]);
        expect(await store.customerCases('C1', '2026-01-01T00:00:00Z')).toHaveLength(2);
        expect(await store.customerCases('C2', '2026-01-01T00:00:00Z')).toEqual([]);
      });

      it('records outcomes: counters move, and once per case and solution', async () => {
        const a = await store.recordOutcome('s-replace', 'HELPFUL', null);
        expect(a!.counts).toEqual({ helpful: 4, notHelpful: 0, reopened: 0 });
        const b = await store.recordOutcome('s-replace', 'NOT_HELPFUL', 'T1');
        expect(b!.counts).toEqual({ helpful: 4, notHelpful: 1, reopened: 0 });
        const again = await store.recordOutcome('s-replace', 'NOT_HELPFUL', 'T1');
        expect(again!.counts).toEqual({ helpful: 4, notHelpful: 1, reopened: 0 });
        const changed = await store.recordOutcome('s-replace', 'REOPENED', 'T1');
        expect(changed!.counts).toEqual({ helpful: 4, notHelpful: 0, reopened: 1 });
        expect(changed!.touched).toEqual([
          { type: 'Solution', id: 's-replace' },
          { type: 'Case', id: 'T1' },
        ]);
        // A case that had not applied the solution now has (feedback is evidence).
        await store.recordOutcome('s-reseat', 'HELPFUL', 'T1');
        const [s] = await store.loadFaults(['f-psu']);
        expect(s!.solutions[0]!.cases).toEqual(['T1', 'T2']);
        expect(await store.recordOutcome('nope', 'HELPFUL', null)).toBeNull();
        expect(await store.recordOutcome('s-replace', 'HELPFUL', 'nope')).toBeNull();
      });

      it('reads the cases of a period with the faults they report and how they were linked', async () => {
        await store.apply({
          nodes: [
            { type: 'Fault', id: 'f-new', props: { title: 'new', state: 'ARCHIVED' } },
            {
              type: 'Case',
              id: 'T2',
              props: { customerId: 'C1', createdAt: '2026-09-05T00:00:00Z', product: 'p-cloud' },
            },
            { type: 'Case', id: 'T3', props: { createdAt: '2026-10-05T00:00:00Z' } },
          ],
          links: [
            {
              type: 'REPORTS',
              from: { type: 'Case', id: 'T2' },
              to: { type: 'Fault', id: 'f-new' },
              props: { mode: 'create' },
            },
          ],
        });
        const cases = await store.metricCases('2026-09-01T00:00:00Z', '2026-09-30T23:59:59Z');
        // T3 is after the period; a case without createdAt is never in one.
        expect(cases).toEqual([
          {
            id: 'T1',
            createdAt: '2026-09-01T00:00:00Z',
            customerId: null,
            product: null,
            subject: 'server down',
            reports: [{ faultId: 'f-psu', mode: null, state: null, product: null }],
          },
          {
            id: 'T2',
            createdAt: '2026-09-05T00:00:00Z',
            customerId: 'C1',
            product: 'p-cloud',
            subject: '服务器宕机',
            reports: [
              { faultId: 'f-new', mode: 'create', state: 'ARCHIVED', product: null },
              { faultId: 'f-psu', mode: null, state: null, product: null },
            ],
          },
        ]);
        expect(await store.metricCases('2027-01-01', '2027-12-31')).toEqual([]);
      });

      it('adds usage counts per day and reads a range of days', async () => {
        await store.addUsage([
          { day: '2026-10-01', questions: 3, answersServed: 2, helpful: 0 },
          { day: '2026-10-03', questions: 1, answersServed: 1, helpful: 0 },
        ]);
        await store.addUsage([{ day: '2026-10-01', questions: 2, answersServed: 1, helpful: 1 }]);
        // HELPFUL feedback lands on the day it is recorded (the store clock: 2026-11-01).
        await store.recordOutcome('s-replace', 'HELPFUL', 'T1');
        await store.recordOutcome('s-replace', 'HELPFUL', 'T1');
        expect(await store.usage('2026-10-01', '2026-11-30')).toEqual([
          { day: '2026-10-01', questions: 5, answersServed: 3, helpful: 1 },
          { day: '2026-10-03', questions: 1, answersServed: 1, helpful: 0 },
          { day: '2026-11-01', questions: 0, answersServed: 0, helpful: 1 },
        ]);
        // Changed away from HELPFUL: the day's net count goes back down.
        await store.recordOutcome('s-replace', 'NOT_HELPFUL', 'T1');
        expect(await store.usage('2026-11-01', '2026-11-01')).toEqual([
          { day: '2026-11-01', questions: 0, answersServed: 0, helpful: 0 },
        ]);
        expect(await store.usage('2026-10-02', '2026-10-02')).toEqual([]);
      });

      it('counts nodes per label and edges per type', async () => {
        const c = await store.counts();
        expect(c.nodes).toMatchObject({
          Fault: 1,
          Cause: 1,
          Solution: 2,
          Case: 2,
          Product: 1,
          Component: 1,
          Concept: 7,
        });
        expect(c.edges).toMatchObject({
          IS_A: 3,
          HAS_CAUSE: 1,
          RESOLVED_BY: 2,
          REPORTS: 2,
          APPLIED: 2,
        });
      });
    });

    describe('retractCase', () => {
      beforeEach(async () => {
        await store.apply(sampleBatch());
      });

      it('removes the case and archives facts left without evidence', async () => {
        const r = await store.retractCase('T1');
        expect(r!.archived.map((a) => `${a.type}:${a.id}`).sort()).toEqual([
          'Cause:c-aging',
          'Solution:s-replace',
        ]);
        const [f] = await store.loadFaults(['f-psu']);
        expect(f!.cases).toEqual(['T2']);
        expect(f!.props.state).toBeUndefined();
        expect(f!.causes[0]!.props.state).toBe('ARCHIVED');
        const again = await store.retractCase('T2');
        expect(again!.archived.map((a) => a.id).sort()).toEqual(['f-psu', 's-reseat']);
      });

      it('returns null for an unknown case', async () => {
        expect(await store.retractCase('nope')).toBeNull();
      });
    });

    describe('ontology tiers', () => {
      it('stores types, relations and concepts so tier 1 and 2 are queryable', async () => {
        const state = await store.readOntology();
        expect(state.version).toBe(ontology.version);
        expect(state.languages).toEqual(['zh', 'en']);
        expect(state.entities.map((e) => e.name)).toEqual(
          expect.arrayContaining([
            'Product',
            'Component',
            'Fault',
            'Cause',
            'Solution',
            'Case',
            'Concept',
          ]),
        );
        expect(state.relations.find((r) => r.name === 'HAS_CAUSE')).toMatchObject({
          from: ['Fault'],
          to: ['Cause'],
          cardinality: 'many-to-many',
        });
        expect(state.concepts.find((c) => c.id === 'power-module')).toEqual({
          id: 'power-module',
          type: 'Fault',
          labels: { zh: '电源模块', en: 'power module' },
          aliases: { zh: ['电源坏了'], en: ['PSU failure'] },
          parents: ['hardware-fault'],
        });
      });

      it('plans nothing after apply (idempotent) and the second apply writes nothing', async () => {
        expect(planOntology(ontology, await store.readOntology()).changes).toEqual([]);
        const before = await store.counts();
        const plan = await applyOntology(store, ontology);
        expect(plan.changes).toEqual([]);
        expect(await store.counts()).toEqual(before);
      });

      it('refuses to remove a concept that has instances unless told where to move them', async () => {
        await store.apply(sampleBatch());
        const smaller = testOntology(
          TEST_CONCEPTS.replace(/ {2}- id: power-module[\s\S]*?parents: \[hardware-fault\]\n/, ''),
        );
        const plan = planOntology(smaller, await store.readOntology());
        expect(plan.changes).toContainEqual(
          expect.objectContaining({ kind: 'remove', id: 'power-module' }),
        );
        await expect(applyOntology(store, smaller)).rejects.toBeInstanceOf(ConflictError);
        await expect(applyOntology(store, smaller)).rejects.toThrow(/power-module.*1 instance/);
        await applyOntology(store, smaller, { reassignTo: { 'power-module': 'hardware-fault' } });
        const [f] = await store.loadFaults(['f-psu']);
        expect(f!.concepts).toEqual(['hardware-fault']);
        const state = await store.readOntology();
        expect(state.version).toBe(smaller.version);
        expect(state.concepts.map((c) => c.id)).not.toContain('power-module');
      });

      it('applies a changed alias and parent as a change', async () => {
        const changed = testOntology(
          TEST_CONCEPTS.replace('[PSU failure]', '[PSU failure, PSU dead]').replace(
            'parents: [hardware-fault]\n  - id: disk',
            'parents: [server-down]\n  - id: disk',
          ),
        );
        const plan = await applyOntology(store, changed);
        expect(plan.changes.filter((c) => c.what === 'concept')).toEqual([
          { kind: 'change', what: 'concept', id: 'power-module', detail: 'parents, aliases.en' },
        ]);
        expect(await store.walkConcepts(['power-module'], 'ancestors', 4)).toEqual([
          { from: 'power-module', id: 'server-down', depth: 1 },
        ]);
      });
    });
  });
}
