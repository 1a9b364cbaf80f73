import { BadInputError } from '../errors.js';
import type { Cardinality, Ontology } from './ontology/model.js';
import { CONCEPT_TYPE } from './ontology/model.js';
import type { LinkRef, NodeRef, PropValue, Props, Tier, WriteBatch } from './store.js';

/**
 * The allow-list of labels and relationship types, taken from the ontology. Labels and types are
 * the only parts of a Cypher text that cannot be parameters, so they may only ever come from here,
 * and every one must also match a strict identifier pattern.
 */
export interface GraphSchema {
  entityTypes: readonly string[];
  relations: readonly {
    name: string;
    from: readonly string[];
    to: readonly string[];
    cardinality: Cardinality;
  }[];
}

/** Labels the store itself uses for tiers 1–2 and bookkeeping; never taken from input. */
export const SYSTEM_LABELS = {
  concept: CONCEPT_TYPE,
  entityType: 'OntologyType',
  relationType: 'RelationType',
  ontologyVersion: 'OntologyVersion',
  migration: 'SchemaMigration',
  changeset: 'Changeset',
  checkpoint: 'ImportCheckpoint',
  usageDay: 'UsageDay',
} as const;

/** Relationship types the store uses between tier-1 and tier-2 nodes. */
export const SYSTEM_RELATIONS = {
  refines: 'REFINES',
  domain: 'DOMAIN',
  range: 'RANGE',
  isA: 'IS_A',
  instanceOf: 'INSTANCE_OF',
} as const;

const LABEL = /^[A-Z][A-Za-z0-9]*$/;
const REL = /^[A-Z][A-Z0-9_]*$/;
const PROP_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Ids are opaque strings, but bounded and free of control characters. */
const MAX_ID = 512;

export function schemaFromOntology(o: Pick<Ontology, 'entities' | 'relations'>): GraphSchema {
  return {
    entityTypes: o.entities.map((e) => e.name),
    relations: o.relations.map((r) => ({
      name: r.name,
      from: r.from,
      to: r.to,
      cardinality: r.cardinality,
    })),
  };
}

export function tierOf(label: string, schema: GraphSchema): Tier {
  if (label === SYSTEM_LABELS.concept) return 'concept';
  if (label === SYSTEM_LABELS.entityType || label === SYSTEM_LABELS.relationType) return 'ontology';
  if (schema.entityTypes.includes(label)) return 'instance';
  return 'system';
}

/** Returns the label quoted for Cypher, or throws if it is not an allowed node type. */
export function label(schema: GraphSchema, type: string): string {
  if (type !== SYSTEM_LABELS.concept && !schema.entityTypes.includes(type)) {
    throw new BadInputError(`unknown entity type '${truncate(type)}'`, { type: truncate(type) });
  }
  return quote(type, LABEL);
}

/** A system label, quoted. */
export function systemLabel(name: (typeof SYSTEM_LABELS)[keyof typeof SYSTEM_LABELS]): string {
  return quote(name, LABEL);
}

/** Returns the relationship type quoted for Cypher, or throws if the ontology does not declare it. */
export function relType(schema: GraphSchema, type: string): string {
  if (!schema.relations.some((r) => r.name === type)) {
    throw new BadInputError(`unknown relation type '${truncate(type)}'`, { type: truncate(type) });
  }
  return quote(type, REL);
}

export function systemRel(name: (typeof SYSTEM_RELATIONS)[keyof typeof SYSTEM_RELATIONS]): string {
  return quote(name, REL);
}

/**
 * Backtick-quotes an identifier after checking it against `pattern`. Quoting is needed in any case
 * because Grafeo's parser reads some labels (e.g. `Case`) as keywords; Neo4j accepts the quotes.
 */
function quote(name: string, pattern: RegExp): string {
  if (!pattern.test(name)) throw new BadInputError(`invalid identifier '${truncate(name)}'`);
  return '`' + name + '`';
}

/**
 * Checks a write batch against the schema before any Cypher runs: known types, relation domain and
 * range, property keys and value types, ids. Throws one BadInputError listing every problem.
 */
export function validateBatch(schema: GraphSchema, batch: WriteBatch): void {
  const problems: string[] = [];
  const checkRef = (ref: NodeRef, where: string): void => {
    if (ref.type !== SYSTEM_LABELS.concept && !schema.entityTypes.includes(ref.type)) {
      problems.push(`${where}: unknown entity type '${truncate(ref.type)}'`);
    }
    checkId(ref.id, where, problems);
  };
  const checkLink = (l: LinkRef, where: string): void => {
    checkRef(l.from, `${where}.from`);
    checkRef(l.to, `${where}.to`);
    const rel = schema.relations.find((r) => r.name === l.type);
    if (!rel) {
      problems.push(`${where}: unknown relation type '${truncate(l.type)}'`);
      return;
    }
    if (!rel.from.includes(l.from.type)) {
      problems.push(
        `${where}: ${l.type} cannot start at ${truncate(l.from.type)} (allowed: ${rel.from.join(', ')})`,
      );
    }
    if (!rel.to.includes(l.to.type)) {
      problems.push(
        `${where}: ${l.type} cannot end at ${truncate(l.to.type)} (allowed: ${rel.to.join(', ')})`,
      );
    }
  };
  (batch.nodes ?? []).forEach((n, i) => {
    checkRef(n, `nodes[${i}]`);
    checkProps(n.props, `nodes[${i}].props`, problems);
  });
  (batch.links ?? []).forEach((l, i) => {
    checkLink(l, `links[${i}]`);
    if (l.props) checkProps(l.props, `links[${i}].props`, problems);
  });
  (batch.unlinks ?? []).forEach((l, i) => checkLink(l, `unlinks[${i}]`));
  (batch.deletes ?? []).forEach((n, i) => checkRef(n, `deletes[${i}]`));
  if (problems.length > 0) {
    const shown = problems.slice(0, 10);
    const more =
      problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
    throw new BadInputError(`invalid write batch: ${shown.join('; ')}${more}`, { problems: shown });
  }
}

export function checkId(id: unknown, where: string, problems: string[]): void {
  if (typeof id !== 'string' || id.length === 0) {
    problems.push(`${where}: id must be a non-empty string`);
  } else if (id.length > MAX_ID) {
    problems.push(`${where}: id longer than ${MAX_ID} characters`);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
  } else if (/[\u0000-\u001f\u007f]/.test(id)) {
    problems.push(`${where}: id contains control characters`);
  }
}

function checkProps(props: Props, where: string, problems: string[]): void {
  for (const [key, value] of Object.entries(props)) {
    if (!PROP_KEY.test(key)) problems.push(`${where}: invalid property name '${truncate(key)}'`);
    else if (key === 'id')
      problems.push(`${where}: 'id' is the node's key and cannot be set as a property`);
    else if (!isPropValue(value))
      problems.push(
        `${where}.${key}: unsupported value (maps, mixed lists and non-finite numbers are not storable)`,
      );
  }
}

function isPropValue(v: unknown): v is PropValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) {
    return (
      v.every((x) => typeof x === 'string') ||
      v.every((x) => typeof x === 'number' && Number.isFinite(x))
    );
  }
  return false;
}

function truncate(s: unknown): string {
  const str = String(s);
  return str.length > 60 ? `${str.slice(0, 57)}...` : str;
}
