/**
 * The in-memory model of the ontology files (tier 1 `types.yaml`, tier 2 `concepts/*.yaml`).
 * Produced by `loadOntology()`; consumed by the store (allow-lists), `plan` and `apply`.
 */

/** Where a value came from, so every error can name file, line and column (1-based). */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export type PropertyType = 'string' | 'string[]' | 'int' | 'float' | 'boolean' | 'datetime';
export const PROPERTY_TYPES: readonly PropertyType[] = [
  'string',
  'string[]',
  'int',
  'float',
  'boolean',
  'datetime',
];

export type Cardinality = 'one-to-one' | 'one-to-many' | 'many-to-one' | 'many-to-many';
export const CARDINALITIES: readonly Cardinality[] = [
  'one-to-one',
  'one-to-many',
  'many-to-one',
  'many-to-many',
];

export interface PropertyDef {
  name: string;
  type: PropertyType;
  required: boolean;
  /**
   * A localized text property: stored once per language as `<name>_<lang>` (e.g. `title_zh`) plus
   * `<name>` holding the text in the first declared language that has one.
   */
  localized: boolean;
}

export interface EntityTypeDef {
  name: string;
  description: string;
  properties: PropertyDef[];
  pos: SourcePos;
}

export interface RelationTypeDef {
  name: string;
  description: string;
  /** Entity type names allowed at the source end ("domain"). `Concept` is the concept tier. */
  from: string[];
  /** Entity type names allowed at the target end ("range"). */
  to: string[];
  cardinality: Cardinality;
  pos: SourcePos;
}

/** Labels and aliases keyed by language tag (`zh`, `en`, … as declared in `languages`). */
export type LangMap<T> = Record<string, T>;

export interface ConceptDef {
  id: string;
  /** The entity type this concept refines (e.g. `Fault`). */
  type: string;
  labels: LangMap<string>;
  aliases: LangMap<string[]>;
  /** IS_A parents (concept ids); several allowed. */
  parents: string[];
  pos: SourcePos;
}

export interface Ontology {
  /** Declared language tags, e.g. `['zh', 'en']`. */
  languages: string[];
  entities: EntityTypeDef[];
  relations: RelationTypeDef[];
  concepts: ConceptDef[];
  /** Content hash of the ontology (sha256 over a canonical form), stamped in the graph by apply. */
  version: string;
}

/** The type name of the concept tier; concepts are nodes with this label. */
export const CONCEPT_TYPE = 'Concept';

/** One validation problem, pointing at a place in a file. */
export interface OntologyIssue extends SourcePos {
  message: string;
}
