import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextLanguage } from '../../text/index.js';
import type { Role } from './cues.js';
import { ROLES } from './cues.js';

/** Who wrote a turn; `null` for ticket fields whose author is unknown. */
export type Sender = 'customer' | 'agent';
/** Where a turn (or sentence) sits in its dialogue (or field). */
export type Position = 'first' | 'middle' | 'last';

/** One hand-labelled training example (one line of `training/*.jsonl`). */
export interface TrainingExample {
  text: string;
  role: Role;
  lang: TextLanguage;
  sender: Sender | null;
  /** Optional: position of the turn in its dialogue, for dialogue-style examples. */
  position: Position | null;
  /** `file:line`, for error messages and reports. */
  source: string;
}

/** A training line that could not be used. */
export interface TrainingDataError {
  source: string;
  reason: string;
}

/** Directory of the committed training data (`src/extract/classify/training/`). */
export const TRAINING_DIR: string = fileURLToPath(new URL('./training/', import.meta.url));

/**
 * The training files of `dir`: every `*.jsonl`, sorted by name so hashing and training see them
 * in a fixed order.
 */
export function trainingFiles(dir: string = TRAINING_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort();
}

/**
 * SHA-256 (hex) of the training data: each file's name and content (line endings folded to
 * `\n`), in name order. The model's version is derived from it, so any edit, added or removed
 * file changes the version and makes the committed model stale until retrained.
 */
export function hashTrainingData(dir: string = TRAINING_DIR): string {
  const hash = createHash('sha256');
  for (const name of trainingFiles(dir)) {
    const content = readFileSync(join(dir, name), 'utf8').replace(/\r\n?/g, '\n');
    hash.update(`${name}\n${content}\n`);
  }
  return hash.digest('hex');
}

const SENDERS = new Set(['customer', 'agent']);
const POSITIONS = new Set(['first', 'middle', 'last']);

/**
 * Reads and validates all training examples of `dir`.
 *
 * Label guide the data follows (so that additions stay consistent):
 * - `symptom`: what is wrong as the customer experiences it (errors, failures, complaints about a
 *   malfunction, follow-up details of the same fault); an agent only when restating it.
 * - `cause`: why it happened (diagnosis, root cause, "turned out…").
 * - `solution`: what fixes it — instructions, actions taken ("已为您解冻", "we've reshipped"),
 *   steps, workarounds, and a customer saying what fixed it ("换了根网线就好了").
 * - `noise`: no extractable knowledge — greetings, thanks, apologies, "please DM us", requests for
 *   account details or location, acknowledgements, bare "it works now" confirmations, venting
 *   without a fault, ticket boilerplate and signatures.
 *
 * Format per line: `{"text", "role", "lang": "zh"|"en", "sender": "customer"|"agent"|null,
 * "position"?: "first"|"middle"|"last"}`. Blank lines are skipped; bad lines are returned as
 * errors (the trainer refuses to train while there are any). Texts must be unique (case-
 * insensitive) across files, so held-out splits cannot leak duplicates.
 */
export function readTrainingData(dir: string = TRAINING_DIR): {
  examples: TrainingExample[];
  errors: TrainingDataError[];
} {
  const examples: TrainingExample[] = [];
  const errors: TrainingDataError[] = [];
  const seen = new Map<string, string>();
  for (const name of trainingFiles(dir)) {
    const lines = readFileSync(join(dir, name), 'utf8').split(/\r?\n/);
    lines.forEach((line, i) => {
      const source = `${name}:${i + 1}`;
      if (line.trim() === '') return;
      const parsed = parseExample(line, source);
      if ('reason' in parsed) {
        errors.push(parsed);
        return;
      }
      const key = parsed.text.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({ source, reason: `duplicate of ${first}` });
        return;
      }
      seen.set(key, source);
      examples.push(parsed);
    });
  }
  return { examples, errors };
}

function parseExample(line: string, source: string): TrainingExample | TrainingDataError {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { source, reason: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { source, reason: 'not a JSON object' };
  }
  const row = value as Record<string, unknown>;
  const { text, role, lang, sender, position } = row;
  if (typeof text !== 'string' || text.trim() === '') return { source, reason: 'missing text' };
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    return { source, reason: `bad role ${JSON.stringify(role)}` };
  }
  if (lang !== 'zh' && lang !== 'en') return { source, reason: `bad lang ${JSON.stringify(lang)}` };
  if (sender !== null && !(typeof sender === 'string' && SENDERS.has(sender))) {
    return { source, reason: `bad sender ${JSON.stringify(sender)}` };
  }
  if (position !== undefined && position !== null) {
    if (!(typeof position === 'string' && POSITIONS.has(position))) {
      return { source, reason: `bad position ${JSON.stringify(position)}` };
    }
  }
  return {
    text,
    role: role as Role,
    lang,
    sender: sender as Sender | null,
    position: (position ?? null) as Position | null,
    source,
  };
}
