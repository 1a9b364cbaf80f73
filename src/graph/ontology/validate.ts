/**
 * Semantic checks over the ontology drafts read from YAML by `load.ts`. A draft keeps the source
 * position of every value, so each check can point at the exact offending node.
 */
import { CARDINALITIES, CONCEPT_TYPE, PROPERTY_TYPES } from './model.js';
import type { OntologyIssue, SourcePos } from './model.js';
import { hasBidiControls, hasControlChars, isWellFormed, preview } from '../../text/hygiene.js';

/** A value read from YAML together with where it was found. */
export interface Located<T> {
  value: T;
  pos: SourcePos;
}

export interface PropertyDraft {
  name: Located<string>;
  /** Null when the `type` key is missing or not a string (already reported). */
  type: Located<string> | null;
  required: boolean;
  localized: boolean;
}

export interface EntityDraft {
  name: Located<string>;
  description: string;
  properties: PropertyDraft[];
}

export interface RelationDraft {
  name: Located<string>;
  description: string;
  /** Null when missing or malformed (already reported). */
  from: Located<string>[] | null;
  to: Located<string>[] | null;
  cardinality: Located<string> | null;
}

export interface TypesDraft {
  file: string;
  /** Null when `languages` is missing or malformed (already reported). */
  languages: Located<string>[] | null;
  languagesPos: SourcePos;
  entities: EntityDraft[];
  /** The `entities` key; null when missing or not a map (already reported). */
  entitiesPos: SourcePos | null;
  relations: RelationDraft[];
}

export interface TermDraft {
  lang: Located<string>;
  /** Null when the value is not a string (already reported). */
  text: Located<string> | null;
}

export interface ConceptDraft {
  pos: SourcePos;
  id: Located<string>;
  /** Null when missing or malformed (already reported). */
  type: Located<string> | null;
  labels: TermDraft[];
  /** Where to report missing labels; null when `labels` is malformed (already reported). */
  labelsPos: SourcePos | null;
  aliases: TermDraft[];
  /** The language keys of `aliases` (also those with an empty list). */
  aliasLangs: Located<string>[];
  parents: Located<string>[];
}

/** What the concept checks need to know about tier 1; null parts are skipped (tier 1 broken). */
export interface ConceptContext {
  entityNames: ReadonlySet<string> | null;
  languages: readonly string[] | null;
}

export const ENTITY_NAME_RE = /^[A-Z][A-Za-z0-9]*$/;
export const RELATION_NAME_RE = /^[A-Z][A-Z0-9_]*$/;
export const PROPERTY_NAME_RE = /^[a-z][A-Za-z0-9]*$/;
export const LANGUAGE_RE = /^[a-z]{2,3}$/;
export const CONCEPT_ID_RE = /^[a-z0-9][a-z0-9-]*$/;
/** Entity types the product relies on; `types.yaml` must declare all of them. */
export const REQUIRED_ENTITY_TYPES: readonly string[] = [
  'Product',
  'Component',
  'Fault',
  'Cause',
  'Solution',
  'Case',
];
const LOCALIZABLE_TYPES: readonly string[] = ['string', 'string[]'];
/** Longest label or alias (they are terms matched in questions, not prose). */
export const MAX_TERM_LENGTH = 200;
/** Longest description of an entity or relation type. */
export const MAX_DESCRIPTION_LENGTH = 2000;

/** Collects issues, dropping exact duplicates. */
export class IssueSink {
  readonly issues: OntologyIssue[] = [];
  private readonly seen = new Set<string>();

  add(pos: SourcePos, message: string): void {
    const key = `${pos.file}\0${pos.line}\0${pos.column}\0${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.issues.push({ file: pos.file, line: pos.line, column: pos.column, message });
  }
}

/**
 * The key under which two terms (labels/aliases) are considered the same: NFKC-normalized,
 * trimmed, lower-cased.
 */
export function normalizeTerm(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

function where(pos: SourcePos): string {
  return `${pos.file}:${pos.line}`;
}

// ---------------------------------------------------------------------------------------------
// Tier 1: types.yaml
// ---------------------------------------------------------------------------------------------

/** Runs every tier-1 check. */
export function checkTypes(draft: TypesDraft, sink: IssueSink): void {
  if (draft.languages) checkLanguages(draft.languages, draft.languagesPos, sink);
  for (const entity of draft.entities) checkEntity(entity, sink);
  checkRequiredEntities(draft, sink);
  // Without a usable `entities` map (already reported) every from/to would be "undeclared".
  const declared = draft.entitiesPos ? new Set(draft.entities.map((e) => e.name.value)) : null;
  for (const relation of draft.relations) checkRelation(relation, declared, sink);
}

function checkLanguages(languages: Located<string>[], listPos: SourcePos, sink: IssueSink): void {
  if (languages.length === 0) {
    sink.add(listPos, "'languages' must list at least one language tag");
  }
  const seen = new Set<string>();
  for (const lang of languages) {
    if (!LANGUAGE_RE.test(lang.value)) {
      sink.add(
        lang.pos,
        `invalid language tag '${preview(lang.value)}' (must match ${LANGUAGE_RE})`,
      );
    } else if (seen.has(lang.value)) {
      sink.add(lang.pos, `duplicate language tag '${preview(lang.value)}'`);
    }
    seen.add(lang.value);
  }
}

function checkEntity(entity: EntityDraft, sink: IssueSink): void {
  const name = entity.name.value;
  if (name === CONCEPT_TYPE) {
    sink.add(
      entity.name.pos,
      `entity type name '${preview(name)}' is reserved for the concept tier`,
    );
  } else if (!ENTITY_NAME_RE.test(name)) {
    sink.add(
      entity.name.pos,
      `invalid entity type name '${preview(name)}' (must match ${ENTITY_NAME_RE})`,
    );
  }
  for (const prop of entity.properties) checkProperty(name, prop, sink);
}

function checkProperty(entity: string, prop: PropertyDraft, sink: IssueSink): void {
  const name = prop.name.value;
  if (!PROPERTY_NAME_RE.test(name)) {
    sink.add(
      prop.name.pos,
      `invalid property name '${preview(name)}' in entity type '${preview(entity)}' (must match ${PROPERTY_NAME_RE})`,
    );
  }
  const type = prop.type;
  if (!type) return;
  if (!(PROPERTY_TYPES as readonly string[]).includes(type.value)) {
    sink.add(
      type.pos,
      `unknown property type '${preview(type.value)}' of ${preview(entity)}.${preview(name)} ` +
        `(expected one of ${PROPERTY_TYPES.join(', ')})`,
    );
  } else if (prop.localized && !LOCALIZABLE_TYPES.includes(type.value)) {
    sink.add(
      type.pos,
      `property ${preview(entity)}.${preview(name)} is localized but has type '${preview(type.value)}' ` +
        `(only string and string[] can be localized)`,
    );
  }
}

function checkRequiredEntities(draft: TypesDraft, sink: IssueSink): void {
  if (!draft.entitiesPos) return;
  const declared = new Set(draft.entities.map((e) => e.name.value));
  for (const required of REQUIRED_ENTITY_TYPES) {
    if (!declared.has(required)) {
      sink.add(draft.entitiesPos, `missing required entity type '${required}'`);
    }
  }
}

function checkRelation(
  relation: RelationDraft,
  declared: ReadonlySet<string> | null,
  sink: IssueSink,
): void {
  const name = relation.name.value;
  if (!RELATION_NAME_RE.test(name)) {
    sink.add(
      relation.name.pos,
      `invalid relation name '${preview(name)}' (must match ${RELATION_NAME_RE})`,
    );
  }
  checkRelationEnd(name, 'from', relation.from, relation.name.pos, declared, sink);
  checkRelationEnd(name, 'to', relation.to, relation.name.pos, declared, sink);
  const card = relation.cardinality;
  if (card && !(CARDINALITIES as readonly string[]).includes(card.value)) {
    sink.add(
      card.pos,
      `relation ${preview(name)}: unknown cardinality '${preview(card.value)}' ` +
        `(expected one of ${CARDINALITIES.join(', ')})`,
    );
  }
}

function checkRelationEnd(
  relation: string,
  end: 'from' | 'to',
  types: Located<string>[] | null,
  relationPos: SourcePos,
  declared: ReadonlySet<string> | null,
  sink: IssueSink,
): void {
  if (!types) return;
  if (types.length === 0) {
    sink.add(relationPos, `relation ${preview(relation)}: '${end}' must list at least one type`);
  }
  for (const t of types) {
    if (declared && t.value !== CONCEPT_TYPE && !declared.has(t.value)) {
      sink.add(
        t.pos,
        `relation ${preview(relation)}: undeclared type '${preview(t.value)}' in ${end}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Tier 2: concepts/*.yaml
// ---------------------------------------------------------------------------------------------

/**
 * Runs every tier-2 check over all concepts (in file order, then document order).
 * @returns the concepts keyed by id (first definition wins).
 */
export function checkConcepts(
  concepts: readonly ConceptDraft[],
  ctx: ConceptContext,
  sink: IssueSink,
): Map<string, ConceptDraft> {
  const byId = checkConceptIds(concepts, sink);
  for (const concept of concepts) {
    checkConceptType(concept, ctx, sink);
    checkConceptLanguages(concept, ctx, sink);
    checkParents(concept, byId, sink);
  }
  checkCycles(byId, sink);
  checkTermConflicts([...byId.values()], sink);
  return byId;
}

function checkConceptIds(
  concepts: readonly ConceptDraft[],
  sink: IssueSink,
): Map<string, ConceptDraft> {
  const byId = new Map<string, ConceptDraft>();
  for (const concept of concepts) {
    const id = concept.id;
    if (!CONCEPT_ID_RE.test(id.value)) {
      sink.add(id.pos, `invalid concept id '${preview(id.value)}' (must match ${CONCEPT_ID_RE})`);
    }
    const first = byId.get(id.value);
    if (first) {
      sink.add(
        id.pos,
        `duplicate concept id '${preview(id.value)}' (first defined at ${where(first.id.pos)})`,
      );
    } else {
      byId.set(id.value, concept);
    }
  }
  return byId;
}

function checkConceptType(concept: ConceptDraft, ctx: ConceptContext, sink: IssueSink): void {
  const type = concept.type;
  if (!type || !ctx.entityNames || ctx.entityNames.has(type.value)) return;
  sink.add(
    type.pos,
    `unknown type '${preview(type.value)}' of concept '${preview(concept.id.value)}' (not a declared entity type)`,
  );
}

function checkConceptLanguages(concept: ConceptDraft, ctx: ConceptContext, sink: IssueSink): void {
  const id = concept.id.value;
  const declared = ctx.languages ? new Set(ctx.languages) : null;
  const langKeys = [
    ...concept.labels.map((l) => ['labels', l.lang] as const),
    ...concept.aliasLangs.map((l) => ['aliases', l] as const),
  ];
  for (const [kind, lang] of langKeys) {
    if (declared && !declared.has(lang.value)) {
      sink.add(
        lang.pos,
        `unknown language tag '${preview(lang.value)}' in ${kind} of concept '${preview(id)}'`,
      );
    }
  }
  for (const [kind, terms] of [
    ['label', concept.labels],
    ['alias', concept.aliases],
  ] as const) {
    for (const term of terms) {
      if (!term.text) continue;
      const where = `${kind} in '${preview(term.lang.value)}' of concept '${preview(id)}'`;
      const problem =
        normalizeTerm(term.text.value) === '' ? 'is empty' : termProblem(term.text.value);
      if (problem === 'is empty') sink.add(term.text.pos, `empty ${where}`);
      else if (problem) sink.add(term.text.pos, `${where} ${problem}`);
    }
  }
  if (!ctx.languages || !concept.labelsPos) return;
  const labelled = new Set(concept.labels.map((l) => l.lang.value));
  for (const lang of ctx.languages) {
    if (!labelled.has(lang)) {
      sink.add(
        concept.labelsPos,
        `concept '${preview(id)}' has no label in language '${preview(lang)}'`,
      );
    }
  }
}

/** Why a label or alias is unusable as a term, or null. */
function termProblem(text: string): string | null {
  if (text.length > MAX_TERM_LENGTH) return `is longer than ${MAX_TERM_LENGTH} characters`;
  if (hasControlChars(text)) return 'contains control characters (tabs and line breaks included)';
  if (hasBidiControls(text)) return 'contains bidirectional control characters';
  if (!isWellFormed(text)) return 'is not valid Unicode (a lone surrogate)';
  return null;
}

/**
 * Checks the description of an entity or relation type (`what`): bounded, valid Unicode, and no
 * control characters other than tabs and line breaks.
 */
export function checkDescription(text: Located<string>, what: string, sink: IssueSink): void {
  const s = text.value;
  if (s.length > MAX_DESCRIPTION_LENGTH) {
    sink.add(
      text.pos,
      `description of ${what} is longer than ${MAX_DESCRIPTION_LENGTH} characters`,
    );
  } else if (hasControlChars(s.replace(/[\t\n\r]/g, ''))) {
    sink.add(text.pos, `description of ${what} contains control characters`);
  } else if (!isWellFormed(s)) {
    sink.add(text.pos, `description of ${what} is not valid Unicode (a lone surrogate)`);
  }
}

function checkParents(
  concept: ConceptDraft,
  byId: ReadonlyMap<string, ConceptDraft>,
  sink: IssueSink,
): void {
  const id = concept.id.value;
  for (const parent of concept.parents) {
    if (parent.value === id) {
      sink.add(
        parent.pos,
        `concept '${preview(id)}' is its own parent (IS_A cycle: ${preview(id)} → ${preview(id)})`,
      );
      continue;
    }
    const target = byId.get(parent.value);
    if (!target) {
      sink.add(parent.pos, `unknown parent '${preview(parent.value)}' of concept '${preview(id)}'`);
      continue;
    }
    const own = concept.type?.value;
    const theirs = target.type?.value;
    if (own !== undefined && theirs !== undefined && own !== theirs) {
      sink.add(
        parent.pos,
        `parent '${preview(parent.value)}' of concept '${preview(id)}' has type '${preview(theirs)}', ` +
          `but '${preview(id)}' has type '${preview(own)}'`,
      );
    }
  }
}

/** IS_A edges between known concepts (self-edges excluded; they are reported by checkParents). */
function parentGraph(byId: ReadonlyMap<string, ConceptDraft>): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [id, concept] of byId) {
    const targets = new Set(concept.parents.map((p) => p.value));
    targets.delete(id);
    graph.set(id, [...targets].filter((t) => byId.has(t)).sort(compareStrings));
  }
  return graph;
}

/** Reports one cycle per strongly connected component of the IS_A graph. */
function checkCycles(byId: ReadonlyMap<string, ConceptDraft>, sink: IssueSink): void {
  const graph = parentGraph(byId);
  for (const component of stronglyConnected(graph)) {
    if (component.length < 2) continue;
    const members = new Set(component);
    const start = [...component].sort(compareStrings)[0] as string;
    const path = shortestCycle(start, graph, members);
    const next = path[1] as string;
    const concept = byId.get(start) as ConceptDraft;
    const edge = concept.parents.find((p) => p.value === next) as Located<string>;
    sink.add(edge.pos, `IS_A cycle: ${path.map((p) => preview(p)).join(' → ')}`);
  }
}

/** Tarjan's algorithm, iterative (no recursion limit on deep hierarchies). */
function stronglyConnected(graph: ReadonlyMap<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of [...graph.keys()].sort(compareStrings)) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const succ = graph.get(frame.node) ?? [];
      if (frame.next < succ.length) {
        const child = succ[frame.next++] as string;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(child) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) {
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** Shortest path start → … → start inside `members` (breadth-first, sorted successors). */
function shortestCycle(
  start: string,
  graph: ReadonlyMap<string, string[]>,
  members: ReadonlySet<string>,
): string[] {
  const prev = new Map<string, string>();
  const queue: string[] = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) return [...unwind(node, prev, start), start];
      if (prev.has(next)) continue;
      prev.set(next, node);
      queue.push(next);
    }
  }
  return [start, start]; // unreachable for a component of size >= 2
}

function unwind(node: string, prev: ReadonlyMap<string, string>, start: string): string[] {
  const path = [node];
  let current = node;
  while (current !== start) {
    current = prev.get(current) as string;
    path.push(current);
  }
  return path.reverse();
}

interface Claim {
  id: string;
  pos: SourcePos;
}

/**
 * Within one entity type, every term (label or alias, any language) must name one concept only.
 * Labels are claimed before aliases; the later claim is reported.
 */
function checkTermConflicts(concepts: readonly ConceptDraft[], sink: IssueSink): void {
  const claimsByType = new Map<string, Map<string, Claim>>();
  for (const concept of concepts) {
    if (!concept.type) continue;
    const type = concept.type.value;
    const claims = claimsByType.get(type) ?? new Map<string, Claim>();
    claimsByType.set(type, claims);
    const id = concept.id.value;
    for (const [kind, terms] of [
      ['label', concept.labels],
      ['alias', concept.aliases],
    ] as const) {
      for (const term of terms) {
        if (!term.text) continue;
        const key = normalizeTerm(term.text.value);
        if (key === '') continue;
        const claim = claims.get(key);
        if (!claim) {
          claims.set(key, { id, pos: term.text.pos });
        } else if (claim.id !== id) {
          sink.add(
            term.text.pos,
            `${kind} '${preview(term.text.value.trim())}' is claimed by concepts ` +
              `'${preview(claim.id)}' (${where(claim.pos)}) and '${preview(id)}'`,
          );
        }
      }
    }
  }
}

/** Code-unit order, independent of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
