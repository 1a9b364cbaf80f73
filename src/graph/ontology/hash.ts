import { createHash } from 'node:crypto';
import type { Ontology } from './model.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (values: readonly string[]): string[] => [...new Set(values)].sort(byCode);

/**
 * The canonical, position-free form of an ontology. Declaration order is dropped wherever it has
 * no meaning (entities, properties, relations, `from`/`to`, concepts, aliases, parents); the order
 * of `languages` is kept because the first declared language is the fallback for localized text.
 */
function canonical(o: Omit<Ontology, 'version'>): Json {
  const byName = <T extends { name: string }>(xs: readonly T[]): T[] =>
    [...xs].sort((a, b) => byCode(a.name, b.name));
  return {
    languages: [...o.languages],
    entities: byName(o.entities).map((e) => ({
      name: e.name,
      description: e.description,
      properties: byName(e.properties).map((p) => ({
        name: p.name,
        type: p.type,
        required: p.required,
        localized: p.localized,
      })),
    })),
    relations: byName(o.relations).map((r) => ({
      name: r.name,
      description: r.description,
      from: sorted(r.from),
      to: sorted(r.to),
      cardinality: r.cardinality,
    })),
    concepts: [...o.concepts]
      .sort((a, b) => byCode(a.id, b.id))
      .map((c) => ({
        id: c.id,
        type: c.type,
        labels: { ...c.labels },
        aliases: Object.fromEntries(
          Object.entries(c.aliases)
            .filter(([, list]) => list.length > 0)
            .map(([lang, list]) => [lang, sorted(list)]),
        ),
        parents: sorted(c.parents),
      })),
  };
}

/** JSON with object keys sorted at every level, so key order never affects the output. */
function stableStringify(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort(byCode);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k] as Json)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The ontology version: the first 16 hex characters (64 bits) of the sha256 of a canonical JSON
 * form of the ontology. Source positions, file boundaries, the order of concepts, entities,
 * relations, properties, aliases and parents, and YAML formatting do not affect it; any change of
 * content (a name, type, description, label, alias, parent, cardinality or language) does.
 */
export function ontologyVersion(o: Omit<Ontology, 'version'>): string {
  return createHash('sha256')
    .update(stableStringify(canonical(o)))
    .digest('hex')
    .slice(0, 16);
}
