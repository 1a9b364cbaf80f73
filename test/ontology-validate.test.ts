import { describe, it, expect } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOntology, parseOntology } from '../src/graph/ontology/load.js';
import type { LoadResult, OntologySource } from '../src/graph/ontology/load.js';
import { formatIssues } from '../src/graph/ontology/format.js';
import { ontologyVersion } from '../src/graph/ontology/hash.js';
import type { OntologyIssue } from '../src/graph/ontology/model.js';

const VALID_DIR = fileURLToPath(new URL('./fixtures/ontology/valid', import.meta.url));

/** Minimal tier-1 text; line numbers matter to the tests below. */
const TYPES = [
  'languages: [zh, en]', // 1
  'entities:', // 2
  '  Product: { description: P, properties: { id: { type: string, required: true } } }', // 3
  '  Component: { description: C, properties: {} }', // 4
  '  Fault: { description: F, properties: { title: { type: string, localized: true } } }', // 5
  '  Cause: { description: Ca, properties: {} }', // 6
  '  Solution: { description: S, properties: {} }', // 7
  '  Case: { description: T, properties: {} }', // 8
  'relations:', // 9
  '  HAS_CAUSE: { description: h, from: [Fault], to: [Cause], cardinality: many-to-many }', // 10
  '  IS_A: { description: i, from: [Concept], to: [Concept], cardinality: many-to-many }', // 11
  '',
].join('\n');

const T = 'o/types.yaml';

function lines(...xs: string[]): string {
  return xs.join('\n') + '\n';
}

/**
 * A concept with both labels, in block style (3 lines: id at column 9, type value at column 11,
 * labels value at column 13), followed by `extra` lines indented by 4 spaces.
 */
function concept(id: string, type: string, ...extra: string[]): string {
  return [
    `  - id: ${id}`,
    `    type: ${type}`,
    `    labels: { zh: ${id}-zh, en: ${id}-en }`,
    ...extra.map((e) => `    ${e}`),
  ].join('\n');
}

function run(concepts: Record<string, string>, types = TYPES): LoadResult {
  const sources = Object.entries(concepts).map(([file, text]) => ({ file, text }));
  return parseOntology(sources, { file: T, text: types });
}

function typesWith(lineNo: number, text: string): string {
  const all = TYPES.split('\n');
  all[lineNo - 1] = text;
  return all.join('\n');
}

function addType(text: string): string {
  return TYPES.replace('relations:\n', `${text}\nrelations:\n`);
}

/** Asserts that the result has exactly one issue and that it is at file:line:column. */
function single(result: LoadResult, file: string, line: number, column: number): OntologyIssue {
  expect(result.issues, formatIssues(result.issues)).toHaveLength(1);
  const issue = result.issues[0] as OntologyIssue;
  expect({ file: issue.file, line: issue.line, column: issue.column }).toEqual({
    file,
    line,
    column,
  });
  expect(result.ontology).toBeNull();
  return issue;
}

async function validSources(): Promise<{ types: OntologySource; concepts: OntologySource[] }> {
  const read = async (name: string): Promise<OntologySource> => ({
    file: name,
    text: await readFile(join(VALID_DIR, name), 'utf8'),
  });
  return {
    types: await read('types.yaml'),
    concepts: [await read('concepts/faults.yaml'), await read('concepts/solutions.yaml')],
  };
}

describe('valid ontology', () => {
  it('loads the valid fixture with zero issues and a stable version', async () => {
    const dir = relative(process.cwd(), VALID_DIR);
    const a = await loadOntology(dir);
    expect(formatIssues(a.issues)).toBe('');
    expect(a.ontology).not.toBeNull();
    expect(a.files).toEqual([
      join(dir, 'types.yaml'),
      join(dir, 'concepts', 'faults.yaml'),
      join(dir, 'concepts', 'solutions.yaml'),
    ]);
    const b = await loadOntology(VALID_DIR);
    expect(a.ontology?.version).toMatch(/^[0-9a-f]{16}$/);
    expect(b.ontology?.version).toBe(a.ontology?.version);
    if (!a.ontology) throw new Error('unreachable');
    const { version, ...rest } = a.ontology;
    expect(ontologyVersion(rest)).toBe(version);
  });

  it('builds the model with defaults', async () => {
    const { ontology } = await loadOntology(VALID_DIR);
    expect(ontology?.languages).toEqual(['zh', 'en']);
    expect(ontology?.entities.map((e) => e.name)).toEqual([
      'Product',
      'Component',
      'Fault',
      'Cause',
      'Solution',
      'Case',
    ]);
    const fault = ontology?.entities.find((e) => e.name === 'Fault');
    expect(fault?.properties.find((p) => p.name === 'phrasings')).toEqual({
      name: 'phrasings',
      type: 'string[]',
      required: false,
      localized: false,
    });
    expect(fault?.pos).toMatchObject({ line: 14, column: 3 });
    const isA = ontology?.relations.find((r) => r.name === 'IS_A');
    expect(isA).toMatchObject({ from: ['Concept'], to: ['Concept'], cardinality: 'many-to-many' });
    const network = ontology?.concepts.find((c) => c.id === 'network-fault');
    expect(network).toMatchObject({
      type: 'Fault',
      labels: { zh: '网络故障', en: 'network fault' },
      aliases: { zh: [], en: [] },
      parents: [],
      pos: { file: join(VALID_DIR, 'concepts', 'faults.yaml'), line: 9, column: 5 },
    });
    const server = ontology?.concepts.find((c) => c.id === 'server-down');
    // 'Server Crashed' duplicates 'server crashed' case-insensitively: kept once, no issue.
    expect(server?.aliases).toEqual({ zh: ['服务器挂了', '服务器死机'], en: ['server crashed'] });
    expect(ontology?.concepts.find((c) => c.id === 'wifi-drop')?.parents).toEqual([
      'network-fault',
    ]);
  });

  it('keeps the version when concepts, files and keys are reordered or YAML is reformatted', async () => {
    const { types, concepts } = await validSources();
    const base = parseOntology(concepts, types).ontology?.version;
    expect(base).toBeDefined();

    const solutions = lines(
      'concepts:',
      '  - id: restart-router',
      '    parents: [restart-device]',
      '    aliases: { en: [reboot router] }',
      '    labels: { en: restart the router, zh: 重启路由器 }',
      '    type: Solution',
      '  - aliases:',
      '      en: [power cycle, reboot]',
      '    labels:',
      '      en: restart the device',
      '      zh: 重启设备',
      '    type: Solution',
      '    id: restart-device',
    );
    const reordered = [
      { file: 'concepts/a.yaml', text: solutions },
      { file: 'concepts/z.yaml', text: (concepts[0] as OntologySource).text },
    ];
    const reorderedTypes = {
      file: types.file,
      text: types.text
        .replace(
          'from: [Product, Component, Fault, Cause, Solution]',
          'from: [Solution, Cause, Fault, Component, Product]',
        )
        .replace(
          '      id: { type: string, required: true }\n      name: { type: string, required: true }',
          '      name: {required: true, type: string}\n      id:\n        required: true\n        type: string',
        ),
    };
    expect(reorderedTypes.text).not.toBe(types.text);
    const again = parseOntology(reordered, reorderedTypes);
    expect(again.issues).toEqual([]);
    expect(again.ontology?.version).toBe(base);
  });

  it('keeps the version when parents, aliases or labels are listed in another order', () => {
    const text = (parents: string, aliases: string, labels: string): string =>
      lines(
        'concepts:',
        concept('a', 'Fault'),
        concept('b', 'Fault'),
        '  - id: c',
        '    type: Fault',
        `    labels: ${labels}`,
        `    parents: ${parents}`,
        `    aliases: ${aliases}`,
      );
    const one = run({ 'c.yaml': text('[a, b]', '{ en: [x, y], zh: [z] }', '{ zh: c, en: c }') });
    const two = run({ 'c.yaml': text('[b, a]', '{ zh: [z], en: [y, x] }', '{ en: c, zh: c }') });
    const three = run({ 'c.yaml': text('[a]', '{ en: [x, y], zh: [z] }', '{ zh: c, en: c }') });
    expect([one.issues, two.issues, three.issues]).toEqual([[], [], []]);
    expect(two.ontology?.version).toBe(one.ontology?.version);
    expect(three.ontology?.version).not.toBe(one.ontology?.version);
  });

  it('changes the version when one alias changes', async () => {
    const { types, concepts } = await validSources();
    const base = parseOntology(concepts, types).ontology?.version;
    const changed = concepts.map((c) => ({
      ...c,
      text: c.text.replace('power cycle', 'power-cycle'),
    }));
    expect(changed.map((c) => c.text)).not.toEqual(concepts.map((c) => c.text));
    const result = parseOntology(changed, types);
    expect(result.issues).toEqual([]);
    expect(result.ontology?.version).not.toBe(base);
  });

  it('changes the version on other semantic changes (description, parent, language order)', async () => {
    const { types, concepts } = await validSources();
    const base = parseOntology(concepts, types).ontology?.version;
    const variants: [OntologySource[], OntologySource][] = [
      [concepts, { ...types, text: types.text.replace('A product line.', 'A product.') }],
      [concepts, { ...types, text: types.text.replace('[zh, en]', '[en, zh]') }],
      [
        concepts.map((c) => ({ ...c, text: c.text.replace('parents: [restart-device]', '') })),
        types,
      ],
    ];
    for (const [cs, ts] of variants) {
      const result = parseOntology(cs, ts);
      expect(result.issues).toEqual([]);
      expect(result.ontology?.version).not.toBe(base);
    }
  });

  it('reports only the broken file among good ones (on disk)', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'ontology-'));
    try {
      await cp(VALID_DIR, tmp, { recursive: true });
      const broken = join(tmp, 'concepts', 'middle.yaml');
      await writeFile(broken, lines('concepts:', '  - id: ok-one', '    type: [Fault'));
      const result = await loadOntology(tmp);
      expect(result.ontology).toBeNull();
      expect(result.issues.length).toBeGreaterThan(0);
      expect(result.issues.every((i) => i.file === broken)).toBe(true);
      expect(result.issues[0]?.message).toContain('YAML error');
      expect(result.files).toContain(broken);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('reports an unreadable types.yaml', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'ontology-'));
    try {
      const result = await loadOntology(tmp);
      const issue = single(result, join(tmp, 'types.yaml'), 1, 1);
      expect(issue.message).toContain('cannot read file');
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

describe('YAML syntax and shapes', () => {
  it('reports YAML syntax errors with their position', () => {
    const broken = lines('concepts:', '  - id: a', '    labels: { zh: x, en: y', '  - id: b');
    const result = run({
      'c/bad.yaml': broken,
      'c/good.yaml': lines('concepts:', concept('g', 'Fault')),
    });
    expect(result.issues.length).toBeGreaterThan(0);
    expect(result.issues.every((i) => i.file === 'c/bad.yaml')).toBe(true);
    // yaml reports an unclosed flow map where it notices it: at the next item.
    expect(result.issues[0]).toMatchObject({
      line: 4,
      column: 3,
      message: expect.stringContaining('YAML error: Flow map in block collection') as unknown,
    });
  });

  it('reports duplicate YAML keys', () => {
    const result = run(
      {},
      typesWith(
        11,
        '  HAS_CAUSE: { description: x, from: [Fault], to: [Cause], cardinality: one-to-one }',
      ),
    );
    const issue = single(result, T, 11, 3);
    expect(issue.message).toContain('YAML error: Map keys must be unique');
  });

  it('reports parents that are not a list', () => {
    const text = lines(
      'concepts:',
      '  - id: a',
      '    type: Fault',
      '    labels: { zh: 甲, en: a }',
      '    parents: foo',
    );
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 5, 14);
    expect(issue.message).toBe("'parents' of concept 'a' must be a list, got string 'foo'");
  });

  it('reports labels that are not a map', () => {
    const text = lines('concepts:', '  - id: a', '    type: Fault', '    labels: [a, b]');
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 4, 13);
    expect(issue.message).toBe("labels of concept 'a' must be a map, got a list");
  });

  it('reports a missing required key at the concept', () => {
    const text = lines('concepts:', '  - id: a', '    labels: { zh: 甲, en: a }');
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 2, 5);
    expect(issue.message).toBe("concept 'a' is missing required key 'type'");
  });

  it('reports unknown keys (typos)', () => {
    const text = lines('concepts:', concept('a', 'Fault'), concept('b', 'Fault', 'parent: [a]'));
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 8, 5);
    expect(issue.message).toContain("unknown key 'parent' in concept 'b'");
  });

  it('does not cascade when entities is missing', () => {
    const types = lines(
      'languages: [zh, en]',
      'relations:',
      '  R: { description: r, from: [X], to: [Y], cardinality: one-to-one }',
    );
    const text = lines('concepts:', concept('a', 'Fault'));
    const issue = single(run({ 'c.yaml': text }, types), T, 1, 1);
    expect(issue.message).toBe("types file is missing required key 'entities'");
  });

  it('reports a missing key in types.yaml', () => {
    const types = TYPES.replace(
      '  Cause: { description: Ca, properties: {} }',
      '  Cause: { description: Ca }',
    );
    const issue = single(run({}, types), T, 6, 10);
    expect(issue.message).toBe("entity type 'Cause' is missing required key 'properties'");
  });

  it('reports a non-boolean flag', () => {
    const types = typesWith(
      5,
      '  Fault: { description: F, properties: { title: { type: string, localized: yes } } }',
    );
    const issue = single(run({}, types), T, 5, 76);
    expect(issue.message).toBe(
      "'localized' of property Fault.title must be true or false, got string 'yes'",
    );
  });

  it('rejects YAML aliases', () => {
    const text = lines(
      'concepts:',
      '  - id: a',
      '    type: &t Fault',
      '    labels: { zh: 甲, en: a }',
      '  - id: b',
      '    type: *t',
      '    labels: { zh: 乙, en: b }',
    );
    const result = run({ 'c.yaml': text });
    expect(
      result.issues.some((i) => i.line === 6 && i.column === 11 && i.message.includes('aliases')),
    ).toBe(true);
  });
});

describe('types.yaml rules', () => {
  it('rejects an unknown property type', () => {
    const types = typesWith(
      5,
      '  Fault: { description: F, properties: { title: { type: text } } }',
    );
    const issue = single(run({}, types), T, 5, 57);
    expect(issue.message).toContain("unknown property type 'text' of Fault.title");
  });

  it('rejects an unknown cardinality', () => {
    const types = typesWith(
      10,
      '  HAS_CAUSE: { description: h, from: [Fault], to: [Cause], cardinality: many-many }',
    );
    const issue = single(run({}, types), T, 10, 73);
    expect(issue.message).toContain("relation HAS_CAUSE: unknown cardinality 'many-many'");
  });

  it('rejects an undeclared type in from/to (Concept is allowed)', () => {
    const types = typesWith(
      10,
      '  HAS_CAUSE: { description: h, from: [Faultt], to: [Cause, Concept], cardinality: many-to-many }',
    );
    const issue = single(run({}, types), T, 10, 39);
    expect(issue.message).toBe("relation HAS_CAUSE: undeclared type 'Faultt' in from");
    const toSide = typesWith(
      10,
      '  HAS_CAUSE: { description: h, from: [Fault], to: [Cause, Solutoin], cardinality: many-to-many }',
    );
    expect(single(run({}, toSide), T, 10, 59).message).toBe(
      "relation HAS_CAUSE: undeclared type 'Solutoin' in to",
    );
  });

  it('rejects entity type names that are not PascalCase identifiers', () => {
    const issue = single(
      run({}, addType('  Bad-Type: { description: x, properties: {} }')),
      T,
      9,
      3,
    );
    expect(issue.message).toContain("invalid entity type name 'Bad-Type'");
  });

  it('rejects relation names that are not UPPER_SNAKE (injection guard)', () => {
    const types = TYPES.replace('  IS_A:', '  "IS_A]->() DETACH DELETE n //":');
    const issue = single(run({}, types), T, 11, 3);
    expect(issue.message).toContain("invalid relation name 'IS_A]->() DETACH DELETE n //'");
  });

  it('rejects property names that are not camelCase', () => {
    const types = typesWith(
      4,
      '  Component: { description: C, properties: { Part_no: { type: string } } }',
    );
    const issue = single(run({}, types), T, 4, 46);
    expect(issue.message).toContain("invalid property name 'Part_no' in entity type 'Component'");
  });

  it('rejects an entity type named Concept', () => {
    const issue = single(
      run({}, addType('  Concept: { description: x, properties: {} }')),
      T,
      9,
      3,
    );
    expect(issue.message).toContain("entity type name 'Concept' is reserved");
  });

  it('requires every product entity type', () => {
    const types = TYPES.replace('  Case: { description: T, properties: {} }\n', '');
    const issue = single(run({}, types), T, 2, 1);
    expect(issue.message).toBe("missing required entity type 'Case'");
  });

  it('rejects localized properties of non-text type', () => {
    const types = typesWith(
      5,
      '  Fault: { description: F, properties: { n: { type: int, localized: true } } }',
    );
    const issue = single(run({}, types), T, 5, 53);
    expect(issue.message).toContain('property Fault.n is localized');
  });

  it('requires a non-empty list of valid language tags', () => {
    expect(single(run({}, typesWith(1, 'languages: []')), T, 1, 12).message).toContain(
      'at least one language',
    );
    const bad = single(run({}, typesWith(1, 'languages: [zh, EN]')), T, 1, 17);
    expect(bad.message).toContain("invalid language tag 'EN'");
    const dup = single(run({}, typesWith(1, 'languages: [zh, en, zh]')), T, 1, 21);
    expect(dup.message).toContain("duplicate language tag 'zh'");
    const notList = single(run({}, typesWith(1, 'languages: zh')), T, 1, 12);
    expect(notList.message).toBe("'languages' must be a list, got string 'zh'");
  });
});

describe('concept rules', () => {
  it('rejects invalid concept ids', () => {
    const text = lines('concepts:', concept('Server_Down', 'Fault'));
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 2, 9);
    expect(issue.message).toContain("invalid concept id 'Server_Down'");
  });

  it('reports a duplicate id at the second occurrence, naming the first', () => {
    const result = run({
      'c/b.yaml': lines('concepts:', concept('other', 'Fault'), concept('dup', 'Fault')),
      'c/a.yaml': lines('concepts:', concept('dup', 'Cause')),
    });
    const issue = single(result, 'c/b.yaml', 5, 9);
    expect(issue.message).toBe("duplicate concept id 'dup' (first defined at c/a.yaml:2)");
  });

  it('requires the type to be a declared entity type', () => {
    const issue = single(
      run({ 'c.yaml': lines('concepts:', concept('a', 'Faul')) }),
      'c.yaml',
      3,
      11,
    );
    expect(issue.message).toContain("unknown type 'Faul' of concept 'a'");
    const asConcept = single(
      run({ 'c.yaml': lines('concepts:', concept('a', 'Concept')) }),
      'c.yaml',
      3,
      11,
    );
    expect(asConcept.message).toContain("unknown type 'Concept'");
  });

  it('rejects unknown language tags in labels and aliases', () => {
    const inLabels = lines(
      'concepts:',
      '  - id: a',
      '    type: Fault',
      '    labels: { zh: 甲, en: a, fr: le a }',
    );
    expect(single(run({ 'c.yaml': inLabels }), 'c.yaml', 4, 29).message).toContain(
      "unknown language tag 'fr'",
    );
    const inAliases = lines(
      'concepts:',
      concept('a', 'Fault'),
      '    aliases:',
      '      de: [das a]',
    );
    expect(single(run({ 'c.yaml': inAliases }), 'c.yaml', 6, 7).message).toContain(
      "unknown language tag 'de' in aliases of concept 'a'",
    );
  });

  it('requires a label in every declared language', () => {
    const text = lines('concepts:', '  - id: a', '    type: Fault', '    labels: { zh: 甲 }');
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 4, 13);
    expect(issue.message).toBe("concept 'a' has no label in language 'en'");
    const noLabels = lines('concepts:', '  - id: b', '    type: Fault');
    const result = run({ 'c.yaml': noLabels });
    expect(result.issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [2, 5, "concept 'b' has no label in language 'en'"],
      [2, 5, "concept 'b' has no label in language 'zh'"],
    ]);
  });

  it('reports an unknown parent at the parent entry', () => {
    const text = lines(
      'concepts:',
      '  - id: bar',
      '    type: Fault',
      '    labels: { zh: 乙, en: bar }',
      '    parents: [baz, foo]',
      concept('baz', 'Fault'),
    );
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 5, 20);
    expect(issue.message).toBe("unknown parent 'foo' of concept 'bar'");
  });

  it('rejects a parent of a different type', () => {
    const text = lines(
      'concepts:',
      concept('cause-x', 'Cause'),
      concept('fault-y', 'Fault', 'parents: [cause-x]'),
    );
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 8, 15);
    expect(issue.message).toBe(
      "parent 'cause-x' of concept 'fault-y' has type 'Cause', but 'fault-y' has type 'Fault'",
    );
  });

  it('rejects a concept that is its own parent', () => {
    const text = lines(
      'concepts:',
      '  - id: a',
      '    type: Fault',
      '    labels: { zh: 甲, en: a }',
      '    parents:',
      '      - a',
    );
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 6, 9);
    expect(issue.message).toContain('IS_A cycle: a → a');
  });

  it('reports an IS_A cycle once, at one member, naming the path', () => {
    const result = run({
      'c/1.yaml': lines(
        'concepts:',
        concept('b', 'Fault', 'parents: [c]'),
        concept('d', 'Fault', 'parents: [b]'),
      ),
      'c/2.yaml': lines(
        'concepts:',
        concept('c', 'Fault', 'parents: [a]'),
        concept('a', 'Fault', 'parents: [b]'),
      ),
    });
    const issue = single(result, 'c/2.yaml', 9, 15);
    expect(issue.message).toBe('IS_A cycle: a → b → c → a');
  });

  it('reports each of two separate cycles', () => {
    const result = run({
      'c.yaml': lines(
        'concepts:',
        concept('a', 'Fault', 'parents: [b]'),
        concept('b', 'Fault', 'parents: [a]'),
        concept('x', 'Cause', 'parents: [y]'),
        concept('y', 'Cause', 'parents: [x]'),
      ),
    });
    expect(result.issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual([
      '5:15 IS_A cycle: a → b → a',
      '13:15 IS_A cycle: x → y → x',
    ]);
  });

  it('rejects an alias claimed by two concepts of the same type (NFKC, case, trim)', () => {
    const result = run({
      'c/a.yaml': lines(
        'concepts:',
        concept('wifi-a', 'Fault'),
        '    aliases: { en: [Wifi Down] }',
      ),
      'c/b.yaml': lines(
        'concepts:',
        concept('wifi-b', 'Fault'),
        '    aliases:',
        "      en: ['  ｗｉｆｉ ｄｏｗｎ ']",
      ),
    });
    const issue = single(result, 'c/b.yaml', 6, 12);
    expect(issue.message).toBe(
      "alias 'ｗｉｆｉ ｄｏｗｎ' is claimed by concepts 'wifi-a' (c/a.yaml:5) and 'wifi-b'",
    );
  });

  it("rejects an alias equal to another same-type concept's label", () => {
    const text = lines(
      'concepts:',
      concept('a', 'Fault'),
      concept('b', 'Fault'),
      '    aliases: { en: [A-EN] }',
    );
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 8, 21);
    expect(issue.message).toBe("alias 'A-EN' is claimed by concepts 'a' (c.yaml:4) and 'b'");
  });

  it('allows the same alias for concepts of different types', () => {
    const text = lines(
      'concepts:',
      concept('a', 'Fault'),
      '    aliases: { en: [no signal] }',
      concept('b', 'Cause'),
      '    aliases: { en: [no signal] }',
    );
    const result = run({ 'c.yaml': text });
    expect(result.issues).toEqual([]);
    expect(result.ontology?.concepts).toHaveLength(2);
  });

  it('deduplicates the same alias within one concept without an issue', () => {
    const text = lines(
      'concepts:',
      concept('a', 'Fault'),
      "    aliases: { en: [boom, ' Boom', boom], zh: [boom] }",
    );
    const result = run({ 'c.yaml': text });
    expect(result.issues).toEqual([]);
    expect(result.ontology?.concepts[0]?.aliases).toEqual({ zh: ['boom'], en: ['boom'] });
  });

  it('rejects empty aliases and labels', () => {
    const text = lines('concepts:', concept('a', 'Fault'), "    aliases: { en: [ok, '  '] }");
    const issue = single(run({ 'c.yaml': text }), 'c.yaml', 5, 25);
    expect(issue.message).toBe("empty alias in 'en' of concept 'a'");
    const label = lines(
      'concepts:',
      '  - id: a',
      '    type: Fault',
      "    labels: { zh: '', en: a }",
    );
    expect(single(run({ 'c.yaml': label }), 'c.yaml', 4, 19).message).toBe(
      "empty label in 'zh' of concept 'a'",
    );
  });
});

describe('output', () => {
  const messy = (): Record<string, string> => ({
    'c/z.yaml': lines('concepts:', concept('a', 'Fault', 'parents: [nope]'), concept('a', 'Faul')),
    'c/m.yaml': lines('concepts:', '  - id: q', '    type: Fault', '    parents: x'),
  });

  it('is sorted, deterministic and free of duplicates whatever the source order', () => {
    const one = run(messy());
    const reversed = Object.fromEntries(Object.entries(messy()).reverse());
    const two = run(reversed);
    expect(two.issues).toEqual(one.issues);
    const keys = one.issues.map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(formatIssues(one.issues).split('\n')).toEqual(keys);
    expect(keys).toEqual([
      "c/m.yaml:2:5: concept 'q' has no label in language 'en'",
      "c/m.yaml:2:5: concept 'q' has no label in language 'zh'",
      "c/m.yaml:4:14: 'parents' of concept 'q' must be a list, got string 'x'",
      "c/z.yaml:5:15: unknown parent 'nope' of concept 'a'",
      "c/z.yaml:6:9: duplicate concept id 'a' (first defined at c/z.yaml:2)",
      "c/z.yaml:7:11: unknown type 'Faul' of concept 'a' (not a declared entity type)",
    ]);
  });

  it('formats issues as file:line:column: message sorted by file, line, column', () => {
    const issues: OntologyIssue[] = [
      { file: 'b.yaml', line: 1, column: 1, message: 'third' },
      { file: 'a.yaml', line: 10, column: 2, message: 'second' },
      { file: 'a.yaml', line: 2, column: 9, message: 'first' },
    ];
    expect(formatIssues(issues)).toBe('a.yaml:2:9: first\na.yaml:10:2: second\nb.yaml:1:1: third');
    expect(formatIssues([])).toBe('');
  });
});
