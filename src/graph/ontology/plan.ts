import { ConflictError, BadInputError } from '../../errors.js';
import type {
  OntologyState,
  OntologyWrite,
  StoredConcept,
  StoredEntityType,
  StoredRelationType,
} from '../store.js';
import type { GraphStore } from '../store.js';
import { CONCEPT_TYPE, type Ontology } from './model.js';

export type ChangeKind = 'add' | 'change' | 'remove';

export interface PlanChange {
  kind: ChangeKind;
  /** `entity type`, `relation type`, `concept`, or `version`. */
  what: 'entity type' | 'relation type' | 'concept' | 'version';
  id: string;
  /** For changes: which fields differ. For removals of concepts: where instances go. */
  detail?: string;
}

export interface OntologyPlan {
  /** Version (content hash) in the graph now; null if the ontology was never applied. */
  from: string | null;
  to: string;
  changes: PlanChange[];
  /** Reasons apply would refuse (e.g. removing a concept that still has instances). */
  blockers: string[];
  /** What apply writes. Empty lists (and no version change) when nothing changed. */
  write: OntologyWrite;
}

export interface PlanOptions {
  /** Where to move instances of removed concepts: removed concept id → concept id that stays. */
  reassignTo?: Record<string, string>;
}

/** The entity type node stored for the concept tier itself, so concepts can REFINE it uniformly. */
const CONCEPT_ENTITY: StoredEntityType = {
  name: CONCEPT_TYPE,
  description: 'A concept of the taxonomy (tier 2).',
  properties: '[]',
};

/** Stored form of the ontology files (what the graph should hold after apply). */
export function desiredState(o: Ontology): {
  entities: StoredEntityType[];
  relations: StoredRelationType[];
  concepts: StoredConcept[];
} {
  return {
    entities: [
      CONCEPT_ENTITY,
      ...o.entities.map((e) => ({
        name: e.name,
        description: e.description,
        properties: JSON.stringify(
          e.properties.map(({ name, type, required, localized }) => ({
            name,
            type,
            required,
            localized,
          })),
        ),
      })),
    ],
    relations: o.relations.map((r) => ({
      name: r.name,
      description: r.description,
      from: [...r.from].sort(),
      to: [...r.to].sort(),
      cardinality: r.cardinality,
    })),
    concepts: o.concepts.map((c) => ({
      id: c.id,
      type: c.type,
      labels: pickLangs(c.labels, o.languages),
      aliases: Object.fromEntries(o.languages.map((l) => [l, [...(c.aliases[l] ?? [])]])),
      parents: [...c.parents].sort(),
    })),
  };
}

/**
 * Compares the ontology files with the graph and says what apply would add, change and remove.
 * Pure: the graph's state is passed in.
 */
export function planOntology(
  o: Ontology,
  current: OntologyState,
  options: PlanOptions = {},
): OntologyPlan {
  const want = desiredState(o);
  const changes: PlanChange[] = [];
  const blockers: string[] = [];

  const entities = diff(want.entities, current.entities, (e) => e.name, entityFields);
  const relations = diff(want.relations, current.relations, (r) => r.name, relationFields);
  const concepts = diff(
    want.concepts,
    current.concepts,
    (c) => c.id,
    (c) => conceptFields(c, o.languages),
  );
  // Languages changed → every concept's stored per-language properties must be rewritten.
  const langsChanged = current.languages.join(',') !== o.languages.join(',');
  const conceptUpserts = langsChanged
    ? want.concepts
    : [...concepts.added, ...concepts.changed.map((c) => c.item)];

  for (const e of entities.added) changes.push({ kind: 'add', what: 'entity type', id: e.name });
  for (const c of entities.changed)
    changes.push({
      kind: 'change',
      what: 'entity type',
      id: c.item.name,
      detail: c.fields.join(', '),
    });
  for (const e of entities.removed)
    changes.push({ kind: 'remove', what: 'entity type', id: e.name });
  for (const r of relations.added) changes.push({ kind: 'add', what: 'relation type', id: r.name });
  for (const c of relations.changed)
    changes.push({
      kind: 'change',
      what: 'relation type',
      id: c.item.name,
      detail: c.fields.join(', '),
    });
  for (const r of relations.removed)
    changes.push({ kind: 'remove', what: 'relation type', id: r.name });
  for (const c of concepts.added) changes.push({ kind: 'add', what: 'concept', id: c.id });
  for (const c of concepts.changed)
    changes.push({ kind: 'change', what: 'concept', id: c.item.id, detail: c.fields.join(', ') });

  const reassign: { from: string; to: string }[] = [];
  const wantIds = new Set(want.concepts.map((c) => c.id));
  for (const c of concepts.removed) {
    const instances = current.instanceCounts[c.id] ?? 0;
    const target = options.reassignTo?.[c.id];
    if (target !== undefined && !wantIds.has(target)) {
      blockers.push(
        `--reassign-to target '${target}' for '${c.id}' is not a concept in the ontology files`,
      );
    }
    if (instances > 0 && target === undefined) {
      blockers.push(
        `concept '${c.id}' still has ${instances} instance(s); move them with --reassign-to ${c.id}=<concept-id> or keep the concept`,
      );
      changes.push({
        kind: 'remove',
        what: 'concept',
        id: c.id,
        detail: `${instances} instance(s), refused`,
      });
    } else {
      if (instances > 0 && target !== undefined) reassign.push({ from: c.id, to: target });
      changes.push({
        kind: 'remove',
        what: 'concept',
        id: c.id,
        detail: instances > 0 ? `${instances} instance(s) move to ${target}` : undefined,
      });
    }
  }
  for (const from of Object.keys(options.reassignTo ?? {})) {
    if (!concepts.removed.some((c) => c.id === from)) {
      blockers.push(`--reassign-to names '${from}', which is not a concept being removed`);
    }
  }

  const anyChange = changes.length > 0 || langsChanged || current.version !== o.version;
  if (anyChange && current.version !== o.version) {
    changes.push({
      kind: current.version === null ? 'add' : 'change',
      what: 'version',
      id: o.version,
      detail: current.version ? `was ${current.version}` : undefined,
    });
  }
  return {
    from: current.version,
    to: o.version,
    changes,
    blockers,
    write: {
      version: o.version,
      languages: [...o.languages],
      upsertEntities: [...entities.added, ...entities.changed.map((c) => c.item)],
      removeEntities: entities.removed.map((e) => e.name),
      upsertRelations: [...relations.added, ...relations.changed.map((c) => c.item)],
      removeRelations: relations.removed.map((r) => r.name),
      upsertConcepts: conceptUpserts,
      removeConcepts: concepts.removed.map((c) => c.id),
      reassign,
    },
  };
}

/** True when applying the plan would write nothing. */
export function isEmptyPlan(plan: OntologyPlan): boolean {
  return plan.changes.length === 0;
}

/**
 * Plans and applies the ontology in one transaction. Refuses (ConflictError) when the plan has
 * blockers; writes nothing when the graph already matches (idempotent).
 */
export async function applyOntology(
  store: GraphStore,
  o: Ontology,
  options: PlanOptions = {},
): Promise<OntologyPlan> {
  const plan = planOntology(o, await store.readOntology(), options);
  if (plan.blockers.length > 0) {
    throw new ConflictError(`ontology apply refused: ${plan.blockers.join('; ')}`, {
      blockers: plan.blockers,
    });
  }
  if (!isEmptyPlan(plan)) await store.applyOntology(plan.write);
  return plan;
}

/** Parses `--reassign-to old=new` values. */
export function parseReassign(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const m = /^([^=\s]+)=([^=\s]+)$/.exec(v);
    if (!m)
      throw new BadInputError(
        `--reassign-to expects <removed-concept>=<target-concept>, got '${v}'`,
      );
    out[m[1]!] = m[2]!;
  }
  return out;
}

function diff<T>(
  want: readonly T[],
  have: readonly T[],
  key: (t: T) => string,
  fields: (t: T) => Record<string, string>,
): { added: T[]; changed: { item: T; fields: string[] }[]; removed: T[] } {
  const haveBy = new Map(have.map((h) => [key(h), h]));
  const wantKeys = new Set(want.map(key));
  const added: T[] = [];
  const changed: { item: T; fields: string[] }[] = [];
  for (const w of want) {
    const h = haveBy.get(key(w));
    if (!h) {
      added.push(w);
      continue;
    }
    const a = fields(w);
    const b = fields(h);
    const differing = Object.keys(a).filter((f) => a[f] !== b[f]);
    if (differing.length > 0) changed.push({ item: w, fields: differing });
  }
  const removed = have
    .filter((h) => !wantKeys.has(key(h)))
    .sort((x, y) => key(x).localeCompare(key(y)));
  return { added, changed, removed };
}

function entityFields(e: StoredEntityType): Record<string, string> {
  return { description: e.description, properties: e.properties };
}

function relationFields(r: StoredRelationType): Record<string, string> {
  return {
    description: r.description,
    from: [...r.from].sort().join(','),
    to: [...r.to].sort().join(','),
    cardinality: r.cardinality,
  };
}

function conceptFields(c: StoredConcept, languages: readonly string[]): Record<string, string> {
  const f: Record<string, string> = { type: c.type, parents: [...c.parents].sort().join(',') };
  for (const l of languages) {
    f[`labels.${l}`] = c.labels[l] ?? '';
    f[`aliases.${l}`] = JSON.stringify(c.aliases[l] ?? []);
  }
  return f;
}

function pickLangs(
  m: Record<string, string>,
  languages: readonly string[],
): Record<string, string> {
  return Object.fromEntries(languages.filter((l) => m[l] !== undefined).map((l) => [l, m[l]!]));
}
