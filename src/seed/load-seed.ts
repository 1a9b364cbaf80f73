import fs from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { BadInputError } from '../errors.js';
import type { LinkUpsert, NodeUpsert, Props, WriteBatch } from '../graph/store.js';

/**
 * Loads the curated demo knowledge in `seed/` (written for this project, see seed/README.md):
 * `knowledge.yaml` (products, components, faults, causes, solutions and their concepts) and
 * `tickets.jsonl` (resolved tickets whose `gold` labels say which fault, cause and solution they
 * support). Produces one write batch for the instance tier. Raw ticket text (description,
 * resolution) is not written to the graph; a case keeps its subject and metadata.
 */

const LangText = z.record(z.string(), z.string().min(1));
const LangList = z.record(z.string(), z.array(z.string().min(1)).min(1));
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'ids are letters, digits and _ . : -');

const KnowledgeSchema = z.object({
  products: z.array(z.object({ id: Id, name: LangText, concepts: z.array(z.string()).min(1) })),
  components: z.array(
    z.object({ id: Id, name: LangText, product: z.string(), concepts: z.array(z.string()).min(1) }),
  ),
  faults: z.array(
    z.object({
      id: Id,
      product: z.string(),
      title: LangText,
      concepts: z.array(z.string()).min(1),
      components: z.array(z.string()).default([]),
      causes: z.array(z.string()).default([]),
      solutions: z.array(z.string()).default([]),
    }),
  ),
  causes: z.array(
    z.object({
      id: Id,
      text: LangText,
      concepts: z.array(z.string()).min(1),
      solutions: z.array(z.string()).default([]),
    }),
  ),
  solutions: z.array(
    z.object({ id: Id, title: LangText, steps: LangList, concepts: z.array(z.string()).min(1) }),
  ),
});
export type SeedKnowledge = z.infer<typeof KnowledgeSchema>;

export const SeedTicketSchema = z.object({
  id: Id,
  created_at: z.string(),
  resolved_at: z.string().nullable(),
  customer_id: z.string().nullable(),
  product: z.string().nullable(),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  cause: z.string().nullable(),
  resolution: z.string().nullable(),
  status: z.string(),
  lang: z.string(),
  duplicate_of: z.array(z.string()).default([]),
  gold: z.object({ fault: z.string(), cause: z.string().nullable(), solution: z.string() }),
});
export type SeedTicket = z.infer<typeof SeedTicketSchema>;

export interface Seed {
  knowledge: SeedKnowledge;
  tickets: SeedTicket[];
}

export async function readSeed(dir: string): Promise<Seed> {
  const kFile = path.join(dir, 'knowledge.yaml');
  const tFile = path.join(dir, 'tickets.jsonl');
  const knowledge = parseKnowledge(kFile, await readText(kFile));
  const tickets = parseTickets(tFile, await readText(tFile));
  return { knowledge, tickets };
}

async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new BadInputError(`${file}: cannot read: ${(e as Error).message}`);
  }
}

export function parseKnowledge(file: string, text: string): SeedKnowledge {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lineCounter.linePos(e.pos[0]);
    throw new BadInputError(
      `${file}:${pos.line}:${pos.col}: bad YAML: ${e.message.split('\n')[0]}`,
    );
  }
  const parsed = KnowledgeSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = doc.getIn(issue.path as (string | number)[], true) as
      { range?: [number, number] } | undefined;
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    throw new BadInputError(
      `${file}:${pos.line}:${pos.col}: ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return parsed.data;
}

export function parseTickets(file: string, text: string): SeedTicket[] {
  const tickets: SeedTicket[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new BadInputError(`${file}:${i + 1}: invalid JSON: ${(e as Error).message}`);
    }
    const parsed = SeedTicketSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BadInputError(`${file}:${i + 1}: ${issue.path.join('.')}: ${issue.message}`);
    }
    tickets.push(parsed.data);
  });
  return tickets;
}

/**
 * `{zh: 'a', en: 'b'}` → `{name: 'a', name_zh: 'a', name_en: 'b'}`: the localized-property
 * convention of types.yaml (`<name>` holds the first declared language that has a text).
 */
export function localize<T extends string | string[]>(
  name: string,
  texts: Record<string, T>,
  languages: readonly string[],
): Props {
  const props: Props = {};
  for (const lang of languages) {
    const t = texts[lang];
    if (t !== undefined) {
      props[`${name}_${lang}`] = t;
      props[name] ??= t;
    }
  }
  return props;
}

/** Builds the instance-tier write batch for the seed; checks every reference first. */
export function seedBatch(
  seed: Seed,
  languages: readonly string[],
  conceptIds: ReadonlySet<string>,
): WriteBatch {
  const { knowledge: k, tickets } = seed;
  const problems: string[] = [];
  const ids = {
    Product: new Set(k.products.map((x) => x.id)),
    Component: new Set(k.components.map((x) => x.id)),
    Fault: new Set(k.faults.map((x) => x.id)),
    Cause: new Set(k.causes.map((x) => x.id)),
    Solution: new Set(k.solutions.map((x) => x.id)),
  };
  const need = (type: keyof typeof ids, id: string, where: string) => {
    if (!ids[type].has(id)) problems.push(`${where}: unknown ${type} '${id}'`);
  };
  const nodes: NodeUpsert[] = [];
  const links: LinkUpsert[] = [];
  const instanceOf = (type: string, id: string, concepts: string[]) => {
    for (const c of concepts) {
      if (!conceptIds.has(c)) problems.push(`${type} ${id}: unknown concept '${c}'`);
      links.push({ type: 'INSTANCE_OF', from: { type, id }, to: { type: 'Concept', id: c } });
    }
  };
  const curated = { state: 'VALIDATED', confidence: 1 };
  const ticketsBy = (pick: (t: SeedTicket) => string | null) => {
    const m = new Map<string, SeedTicket[]>();
    for (const t of tickets) {
      const key = pick(t);
      if (key) m.set(key, [...(m.get(key) ?? []), t]);
    }
    return m;
  };
  const byFault = ticketsBy((t) => t.gold.fault);

  for (const p of k.products) {
    nodes.push({ type: 'Product', id: p.id, props: localize('name', p.name, languages) });
    instanceOf('Product', p.id, p.concepts);
  }
  for (const c of k.components) {
    need('Product', c.product, `component ${c.id}`);
    nodes.push({ type: 'Component', id: c.id, props: localize('name', c.name, languages) });
    links.push({
      type: 'PART_OF',
      from: { type: 'Component', id: c.id },
      to: { type: 'Product', id: c.product },
    });
    instanceOf('Component', c.id, c.concepts);
  }
  for (const f of k.faults) {
    need('Product', f.product, `fault ${f.id}`);
    const phrasings = [
      ...Object.values(f.title),
      ...(byFault.get(f.id) ?? []).flatMap((t) => (t.subject ? [t.subject] : [])),
    ];
    nodes.push({
      type: 'Fault',
      id: f.id,
      props: {
        ...localize('title', f.title, languages),
        product: f.product,
        phrasings: [...new Set(phrasings)],
        ...curated,
      },
    });
    instanceOf('Fault', f.id, f.concepts);
    for (const c of f.components) {
      need('Component', c, `fault ${f.id}`);
      links.push({
        type: 'AFFECTS',
        from: { type: 'Fault', id: f.id },
        to: { type: 'Component', id: c },
      });
    }
    for (const c of f.causes) {
      need('Cause', c, `fault ${f.id}`);
      links.push({
        type: 'HAS_CAUSE',
        from: { type: 'Fault', id: f.id },
        to: { type: 'Cause', id: c },
      });
    }
    for (const s of f.solutions) {
      need('Solution', s, `fault ${f.id}`);
      links.push({
        type: 'RESOLVED_BY',
        from: { type: 'Fault', id: f.id },
        to: { type: 'Solution', id: s },
      });
    }
  }
  for (const c of k.causes) {
    nodes.push({
      type: 'Cause',
      id: c.id,
      props: { ...localize('text', c.text, languages), ...curated },
    });
    instanceOf('Cause', c.id, c.concepts);
    for (const s of c.solutions) {
      need('Solution', s, `cause ${c.id}`);
      links.push({
        type: 'RESOLVED_BY',
        from: { type: 'Cause', id: c.id },
        to: { type: 'Solution', id: s },
      });
    }
  }
  for (const s of k.solutions) {
    nodes.push({
      type: 'Solution',
      id: s.id,
      props: {
        ...localize('title', s.title, languages),
        ...localize('steps', s.steps, languages),
        ...curated,
        helpful: 0,
        notHelpful: 0,
      },
    });
    instanceOf('Solution', s.id, s.concepts);
  }
  for (const t of tickets) {
    const where = `ticket ${t.id}`;
    need('Fault', t.gold.fault, where);
    need('Solution', t.gold.solution, where);
    if (t.gold.cause) need('Cause', t.gold.cause, where);
    const props: Props = {
      createdAt: t.created_at,
      resolvedAt: t.resolved_at,
      customerId: t.customer_id,
      product: t.product,
      subject: t.subject,
      status: t.status,
      lang: t.lang,
    };
    nodes.push({ type: 'Case', id: t.id, props });
    const kase = { type: 'Case', id: t.id };
    links.push({ type: 'REPORTS', from: kase, to: { type: 'Fault', id: t.gold.fault } });
    links.push({ type: 'APPLIED', from: kase, to: { type: 'Solution', id: t.gold.solution } });
    if (t.gold.cause)
      links.push({ type: 'IDENTIFIED', from: kase, to: { type: 'Cause', id: t.gold.cause } });
  }
  if (problems.length > 0) {
    throw new BadInputError(`seed is inconsistent: ${problems.slice(0, 10).join('; ')}`, {
      problems,
    });
  }
  return { nodes, links };
}
