import fs from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { BadInputError } from '../errors.js';

export type HandoffKind = 'complaint' | 'refund' | 'human';

/** Handoff phrases per reason and language, from `ontology/signals.yaml`. */
export type HandoffLexicon = Record<HandoffKind, Record<string, string[]>>;

const Terms = z.record(
  z.string().regex(/^[a-z]{2,3}$/, 'a language tag like zh or en'),
  z.array(z.string().min(1)),
);
const SignalsSchema = z.strictObject({
  handoff: z.strictObject({ complaint: Terms, refund: Terms, human: Terms }),
});

export const SIGNALS_FILE = 'signals.yaml';

/** Reads and checks `<ontologyDir>/signals.yaml`; errors name file:line:column and the reason. */
export async function loadSignals(
  ontologyDir: string,
  languages: readonly string[],
): Promise<HandoffLexicon> {
  const file = path.join(ontologyDir, SIGNALS_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new BadInputError(`${file}:1:1: cannot read: ${(e as Error).message}`);
  }
  return parseSignals(file, text, languages);
}

export function parseSignals(
  file: string,
  text: string,
  languages: readonly string[],
): HandoffLexicon {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const at = (offset: number | undefined) => {
    const p = lineCounter.linePos(offset ?? 0);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new BadInputError(`${at(e.pos[0])}: YAML error: ${e.message.split('\n')[0]}`);
  }
  const parsed = SignalsSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = doc.getIn(issue.path as (string | number)[], true) as
      { range?: [number, number] } | undefined;
    throw new BadInputError(`${at(node?.range?.[0])}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const lexicon = parsed.data.handoff;
  for (const [kind, byLang] of Object.entries(lexicon)) {
    for (const lang of Object.keys(byLang)) {
      if (!languages.includes(lang)) {
        const node = doc.getIn(['handoff', kind, lang], true) as
          { range?: [number, number] } | undefined;
        throw new BadInputError(
          `${at(node?.range?.[0])}: handoff.${kind}: unknown language tag '${lang}'`,
        );
      }
    }
  }
  return lexicon;
}
