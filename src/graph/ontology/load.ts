/**
 * Loads the ontology files: `types.yaml` (tier 1) and `concepts/*.yaml` (tier 2). The YAML is
 * read node by node so every problem can name its file, line and column; the semantic checks live
 * in `validate.ts`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { preview } from '../../text/hygiene.js';
import { compareIssues } from './format.js';
import { ontologyVersion } from './hash.js';
import type {
  Cardinality,
  ConceptDef,
  EntityTypeDef,
  Ontology,
  OntologyIssue,
  PropertyType,
  RelationTypeDef,
  SourcePos,
} from './model.js';
import {
  IssueSink,
  checkConcepts,
  checkDescription,
  checkTypes,
  compareStrings,
  normalizeTerm,
} from './validate.js';
import type {
  ConceptContext,
  ConceptDraft,
  EntityDraft,
  Located,
  PropertyDraft,
  RelationDraft,
  TermDraft,
  TypesDraft,
} from './validate.js';

/** One ontology file's path (as it should appear in issues) and text. */
export interface OntologySource {
  file: string;
  text: string;
}

export interface LoadResult {
  /** Null when there is any issue. */
  ontology: Ontology | null;
  /** Sorted by file, line, column; no duplicates. */
  issues: OntologyIssue[];
  /** The files read: `types.yaml` first, then the concept files sorted by path. */
  files: string[];
}

/**
 * Reads `<dir>/types.yaml` and every `<dir>/concepts/*.yaml` (sorted by name) and validates them.
 * Paths in issues are built with `path.join(dir, …)`, so they are relative when `dir` is. A missing
 * `concepts/` directory means no concepts; an unreadable file is an issue at line 1, column 1.
 */
export async function loadOntology(dir: string): Promise<LoadResult> {
  const readIssues: OntologyIssue[] = [];
  const typesPath = join(dir, 'types.yaml');
  const conceptDir = join(dir, 'concepts');
  const types = await readSource(typesPath, readIssues);
  const paths = (await listConceptFiles(conceptDir, readIssues)).map((n) => join(conceptDir, n));
  const sources: OntologySource[] = [];
  for (const path of paths) {
    const source = await readSource(path, readIssues);
    if (source) sources.push(source);
  }
  const result = parseOntology(sources, types ?? { file: typesPath, text: '' });
  const files = [typesPath, ...paths];
  if (readIssues.length === 0) return { ...result, files };
  // An unreadable types.yaml is reported as such, not as an empty file.
  const parsed = types ? result.issues : result.issues.filter((i) => i.file !== typesPath);
  return { ontology: null, issues: [...readIssues, ...parsed].sort(compareIssues), files };
}

async function readSource(file: string, issues: OntologyIssue[]): Promise<OntologySource | null> {
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (err) {
    issues.push({ file, line: 1, column: 1, message: `cannot read file: ${errorText(err)}` });
    return null;
  }
}

async function listConceptFiles(dir: string, issues: OntologyIssue[]): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith('.yaml'))
      .map((e) => e.name)
      .sort(compareStrings);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    issues.push({
      file: dir,
      line: 1,
      column: 1,
      message: `cannot list directory: ${errorText(err)}`,
    });
    return [];
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Validates ontology text without touching the disk and builds the model when it is clean.
 * Concept sources are processed sorted by `file` (so "first defined at" is deterministic).
 */
export function parseOntology(
  sources: readonly OntologySource[],
  typesFile: OntologySource,
): LoadResult {
  const sink = new IssueSink();
  const ordered = [...sources].sort((a, b) => compareStrings(a.file, b.file));
  const types = readTypes(typesFile, sink);
  if (types) checkTypes(types, sink);
  const concepts = ordered.flatMap((s) => readConcepts(s, sink));
  checkConcepts(concepts, conceptContext(types), sink);
  const issues = sink.issues.sort(compareIssues);
  const files = [typesFile.file, ...ordered.map((s) => s.file)];
  const ontology = issues.length === 0 && types ? buildOntology(types, concepts) : null;
  return { ontology, issues, files };
}

function conceptContext(types: TypesDraft | null): ConceptContext {
  if (!types) return { entityNames: null, languages: null };
  return {
    entityNames: types.entitiesPos ? new Set(types.entities.map((e) => e.name.value)) : null,
    languages: types.languages ? types.languages.map((l) => l.value) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// YAML node access
// ---------------------------------------------------------------------------------------------

interface Ctx {
  file: string;
  lc: LineCounter;
  sink: IssueSink;
}

interface Entry {
  key: Located<string>;
  /** The value node; null when the key has no value. */
  value: Node | null;
  /** Position of the value, or of the key when the value is empty. */
  pos: SourcePos;
}

function posAt(ctx: Ctx, offset: number): SourcePos {
  const { line, col } = ctx.lc.linePos(offset);
  return { file: ctx.file, line, column: col };
}

function isEmpty(node: Node | null): boolean {
  return (
    node === null || (isScalar(node) && node.value === null && node.range?.[0] === node.range?.[2])
  );
}

function describe(node: Node | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    return typeof v === 'string' ? `string '${preview(v)}'` : `${typeof v} ${String(v)}`;
  }
  return 'an alias';
}

function parse(source: OntologySource, sink: IssueSink): { ctx: Ctx; root: Node | null } | null {
  const lc = new LineCounter();
  const doc: Document = parseDocument(source.text, { lineCounter: lc, prettyErrors: false });
  const ctx: Ctx = { file: source.file, lc, sink };
  if (doc.errors.length > 0) {
    for (const err of doc.errors) sink.add(posAt(ctx, err.pos[0]), `YAML error: ${err.message}`);
    return null;
  }
  const root = doc.contents ?? null;
  return { ctx, root };
}

/** Rejects YAML aliases (`*name`): they would hide where a value comes from. */
function deref(ctx: Ctx, node: unknown): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    ctx.sink.add(posAt(ctx, node.range?.[0] ?? 0), 'YAML aliases (*name) are not supported here');
    return null;
  }
  return node as Node;
}

function nodePos(ctx: Ctx, node: Node | null, fallback: SourcePos): SourcePos {
  if (isEmpty(node) || !node?.range) return fallback;
  return posAt(ctx, node.range[0]);
}

/** The entries of a map node, or null (reported) when the node is not a map. */
function mapEntries(ctx: Ctx, node: Node | null, pos: SourcePos, what: string): Entry[] | null {
  if (!isMap(node)) {
    ctx.sink.add(pos, `${what} must be a map, got ${describe(node)}`);
    return null;
  }
  const entries: Entry[] = [];
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const keyPos = nodePos(ctx, keyNode, pos);
    if (!isScalar(keyNode) || typeof keyNode.value !== 'string') {
      ctx.sink.add(keyPos, `keys of ${what} must be strings, got ${describe(keyNode)}`);
      continue;
    }
    const value = deref(ctx, pair.value);
    entries.push({
      key: { value: keyNode.value, pos: keyPos },
      value,
      pos: nodePos(ctx, value, keyPos),
    });
  }
  return entries;
}

/** Reports unknown and missing keys; returns the entries keyed by name. */
function keyed(
  ctx: Ctx,
  entries: Entry[],
  mapPos: SourcePos,
  what: string,
  keys: { required: readonly string[]; optional: readonly string[] },
): Map<string, Entry> {
  const allowed = [...keys.required, ...keys.optional];
  const byKey = new Map<string, Entry>();
  for (const entry of entries) {
    if (!allowed.includes(entry.key.value)) {
      ctx.sink.add(
        entry.key.pos,
        `unknown key '${preview(entry.key.value)}' in ${what} (expected ${allowed.join(', ')})`,
      );
      continue;
    }
    byKey.set(entry.key.value, entry);
  }
  for (const key of keys.required) {
    if (!byKey.has(key)) ctx.sink.add(mapPos, `${what} is missing required key '${key}'`);
  }
  return byKey;
}

function readString(ctx: Ctx, entry: Entry | undefined, what: string): Located<string> | null {
  if (!entry) return null;
  const node = entry.value;
  if (!isScalar(node) || typeof node.value !== 'string') {
    ctx.sink.add(entry.pos, `${what} must be a string, got ${describe(node)}`);
    return null;
  }
  return { value: node.value, pos: entry.pos };
}

function readBoolean(ctx: Ctx, entry: Entry | undefined, what: string): boolean {
  if (!entry) return false;
  const node = entry.value;
  if (!isScalar(node) || typeof node.value !== 'boolean') {
    ctx.sink.add(entry.pos, `${what} must be true or false, got ${describe(node)}`);
    return false;
  }
  return node.value;
}

function readStringList(
  ctx: Ctx,
  entry: Entry | undefined,
  what: string,
): Located<string>[] | null {
  if (!entry) return null;
  const node = entry.value;
  if (!isSeq(node)) {
    ctx.sink.add(entry.pos, `${what} must be a list, got ${describe(node)}`);
    return null;
  }
  const items: Located<string>[] = [];
  for (const raw of node.items) {
    const item = deref(ctx, raw);
    const pos = nodePos(ctx, item, entry.pos);
    if (!isScalar(item) || typeof item.value !== 'string') {
      ctx.sink.add(pos, `items of ${what} must be strings, got ${describe(item)}`);
      continue;
    }
    items.push({ value: item.value, pos });
  }
  return items;
}

function startOf(ctx: Ctx): SourcePos {
  return { file: ctx.file, line: 1, column: 1 };
}

// ---------------------------------------------------------------------------------------------
// types.yaml
// ---------------------------------------------------------------------------------------------

function readTypes(source: OntologySource, sink: IssueSink): TypesDraft | null {
  const parsed = parse(source, sink);
  if (!parsed) return null;
  const { ctx, root } = parsed;
  const pos = nodePos(ctx, root, startOf(ctx));
  const entries = mapEntries(ctx, root, pos, 'types file');
  if (!entries) return null;
  const top = keyed(ctx, entries, pos, 'types file', {
    required: ['languages', 'entities', 'relations'],
    optional: [],
  });
  const languages = top.get('languages');
  const entities = top.get('entities');
  return {
    file: ctx.file,
    languages: readStringList(ctx, languages, "'languages'"),
    languagesPos: languages?.pos ?? pos,
    entities: readEntities(ctx, entities),
    entitiesPos: isMap(entities?.value) ? entities.key.pos : null,
    relations: readRelations(ctx, top.get('relations')),
  };
}

function readEntities(ctx: Ctx, entry: Entry | undefined): EntityDraft[] {
  if (!entry) return [];
  const entries = mapEntries(ctx, entry.value, entry.pos, "'entities'") ?? [];
  return entries.map((e) => readEntity(ctx, e));
}

function readEntity(ctx: Ctx, entry: Entry): EntityDraft {
  const what = `entity type '${preview(entry.key.value)}'`;
  const draft: EntityDraft = { name: entry.key, description: '', properties: [] };
  const entries = mapEntries(ctx, entry.value, entry.pos, what);
  if (!entries) return draft;
  const fields = keyed(ctx, entries, entry.pos, what, {
    required: ['description', 'properties'],
    optional: [],
  });
  draft.description = readDescription(ctx, fields.get('description'), what);
  const props = fields.get('properties');
  if (props) {
    const propEntries = mapEntries(ctx, props.value, props.pos, `properties of ${what}`) ?? [];
    draft.properties = propEntries.map((p) => readProperty(ctx, entry.key.value, p));
  }
  return draft;
}

function readDescription(ctx: Ctx, entry: Entry | undefined, what: string): string {
  const description = readString(ctx, entry, `description of ${what}`);
  if (description) checkDescription(description, what, ctx.sink);
  return description?.value ?? '';
}

function readProperty(ctx: Ctx, entity: string, entry: Entry): PropertyDraft {
  const what = `property ${preview(entity)}.${preview(entry.key.value)}`;
  const draft: PropertyDraft = { name: entry.key, type: null, required: false, localized: false };
  const entries = mapEntries(ctx, entry.value, entry.pos, what);
  if (!entries) return draft;
  const fields = keyed(ctx, entries, entry.pos, what, {
    required: ['type'],
    optional: ['required', 'localized'],
  });
  draft.type = readString(ctx, fields.get('type'), `type of ${what}`);
  draft.required = readBoolean(ctx, fields.get('required'), `'required' of ${what}`);
  draft.localized = readBoolean(ctx, fields.get('localized'), `'localized' of ${what}`);
  return draft;
}

function readRelations(ctx: Ctx, entry: Entry | undefined): RelationDraft[] {
  if (!entry) return [];
  const entries = mapEntries(ctx, entry.value, entry.pos, "'relations'") ?? [];
  return entries.map((e) => readRelation(ctx, e));
}

function readRelation(ctx: Ctx, entry: Entry): RelationDraft {
  const what = `relation ${preview(entry.key.value)}`;
  const draft: RelationDraft = {
    name: entry.key,
    description: '',
    from: null,
    to: null,
    cardinality: null,
  };
  const entries = mapEntries(ctx, entry.value, entry.pos, what);
  if (!entries) return draft;
  const fields = keyed(ctx, entries, entry.pos, what, {
    required: ['description', 'from', 'to', 'cardinality'],
    optional: [],
  });
  draft.description = readDescription(ctx, fields.get('description'), what);
  draft.from = readStringList(ctx, fields.get('from'), `'from' of ${what}`);
  draft.to = readStringList(ctx, fields.get('to'), `'to' of ${what}`);
  draft.cardinality = readString(ctx, fields.get('cardinality'), `cardinality of ${what}`);
  return draft;
}

// ---------------------------------------------------------------------------------------------
// concepts/*.yaml
// ---------------------------------------------------------------------------------------------

function readConcepts(source: OntologySource, sink: IssueSink): ConceptDraft[] {
  const parsed = parse(source, sink);
  if (!parsed) return [];
  const { ctx, root } = parsed;
  const pos = nodePos(ctx, root, startOf(ctx));
  const entries = mapEntries(ctx, root, pos, 'concepts file');
  if (!entries) return [];
  const top = keyed(ctx, entries, pos, 'concepts file', { required: ['concepts'], optional: [] });
  const list = top.get('concepts');
  if (!list) return [];
  if (!isSeq(list.value)) {
    ctx.sink.add(list.pos, `'concepts' must be a list, got ${describe(list.value)}`);
    return [];
  }
  const drafts: ConceptDraft[] = [];
  for (const raw of list.value.items) {
    const node = deref(ctx, raw);
    const draft = readConcept(ctx, node, nodePos(ctx, node, list.pos));
    if (draft) drafts.push(draft);
  }
  return drafts;
}

const CONCEPT_KEYS = { required: ['id', 'type'], optional: ['labels', 'aliases', 'parents'] };

/** Reads one concept; returns null (reported) when it has no usable id. */
function readConcept(ctx: Ctx, node: Node | null, pos: SourcePos): ConceptDraft | null {
  const entries = mapEntries(ctx, node, pos, 'a concept');
  if (!entries) return null;
  const idEntry = entries.find((e) => e.key.value === 'id');
  const idValue = isScalar(idEntry?.value) ? idEntry.value.value : undefined;
  const what = typeof idValue === 'string' ? `concept '${preview(idValue)}'` : 'a concept';
  const fields = keyed(ctx, entries, pos, what, CONCEPT_KEYS);
  const id = readString(ctx, fields.get('id'), `id of ${what}`);
  if (!id) return null;
  const labels = fields.get('labels');
  const labelTerms = labels ? readLabels(ctx, labels, what) : [];
  return {
    pos,
    id,
    type: readString(ctx, fields.get('type'), `type of ${what}`),
    labels: labelTerms ?? [],
    labelsPos: labelTerms === null ? null : (labels?.pos ?? pos),
    ...readAliases(ctx, fields.get('aliases'), what),
    parents: readStringList(ctx, fields.get('parents'), `'parents' of ${what}`) ?? [],
  };
}

/** `labels: { <lang>: <text> }`; null (reported) when not a map. */
function readLabels(ctx: Ctx, entry: Entry, what: string): TermDraft[] | null {
  const entries = mapEntries(ctx, entry.value, entry.pos, `labels of ${what}`);
  if (!entries) return null;
  return entries.map((e) => ({
    lang: e.key,
    text: readString(ctx, e, `label '${preview(e.key.value)}' of ${what}`),
  }));
}

/** `aliases: { <lang>: [<text>, …] }`, flattened to one term per alias. */
function readAliases(
  ctx: Ctx,
  entry: Entry | undefined,
  what: string,
): Pick<ConceptDraft, 'aliases' | 'aliasLangs'> {
  if (!entry || isEmpty(entry.value)) return { aliases: [], aliasLangs: [] };
  const entries = mapEntries(ctx, entry.value, entry.pos, `aliases of ${what}`) ?? [];
  const aliases = entries.flatMap((e) => {
    if (isEmpty(e.value)) return [];
    const texts = readStringList(ctx, e, `aliases '${preview(e.key.value)}' of ${what}`) ?? [];
    return texts.map((text) => ({ lang: e.key, text }));
  });
  return { aliases, aliasLangs: entries.map((e) => e.key) };
}

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

function buildOntology(types: TypesDraft, concepts: readonly ConceptDraft[]): Ontology {
  const languages = (types.languages ?? []).map((l) => l.value);
  const model: Omit<Ontology, 'version'> = {
    languages,
    entities: types.entities.map(buildEntity),
    relations: types.relations.map(buildRelation),
    concepts: concepts.map((c) => buildConcept(c, languages)),
  };
  return { ...model, version: ontologyVersion(model) };
}

function buildEntity(draft: EntityDraft): EntityTypeDef {
  return {
    name: draft.name.value,
    description: draft.description,
    properties: draft.properties.map((p) => ({
      name: p.name.value,
      type: (p.type?.value ?? 'string') as PropertyType,
      required: p.required,
      localized: p.localized,
    })),
    pos: draft.name.pos,
  };
}

function buildRelation(draft: RelationDraft): RelationTypeDef {
  const values = (xs: Located<string>[] | null): string[] => [
    ...new Set((xs ?? []).map((x) => x.value)),
  ];
  return {
    name: draft.name.value,
    description: draft.description,
    from: values(draft.from),
    to: values(draft.to),
    cardinality: (draft.cardinality?.value ?? 'many-to-many') as Cardinality,
    pos: draft.name.pos,
  };
}

/** Labels and aliases are trimmed; an alias repeated within one language is kept once. */
function buildConcept(draft: ConceptDraft, languages: readonly string[]): ConceptDef {
  const labels: Record<string, string> = {};
  for (const l of draft.labels) if (l.text) labels[l.lang.value] = l.text.value.trim();
  const aliases: Record<string, string[]> = Object.fromEntries(languages.map((l) => [l, []]));
  const seen = new Set<string>();
  for (const a of draft.aliases) {
    if (!a.text) continue;
    const key = `${a.lang.value}\0${normalizeTerm(a.text.value)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (aliases[a.lang.value] ??= []).push(a.text.value.trim());
  }
  return {
    id: draft.id.value,
    type: draft.type?.value ?? '',
    labels,
    aliases,
    parents: [...new Set(draft.parents.map((p) => p.value))],
    pos: draft.pos,
  };
}
