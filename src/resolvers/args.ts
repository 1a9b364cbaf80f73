import { BadInputError } from '../errors.js';
import { idProblem } from '../text/hygiene.js';

/**
 * Argument checks at the GraphQL edge, before any service runs. Every failure is a BadInputError
 * (BAD_USER_INPUT) that names the argument and the rule, never the value.
 */

/** Longest `product` (an id, concept id or name). */
export const MAX_PRODUCT = 200;
/** Longest `concepts(search:)`. */
export const MAX_SEARCH = 200;
/** Longest pagination cursor. */
export const MAX_CURSOR = 1024;
/** Longest `ingestTickets(input: { map })`. */
export const MAX_FIELD_MAP = 2000;

/** An `ID` argument (or an id-like key such as `customerId`): see `idProblem`. */
export function id(name: string, value: string): string {
  const problem = idProblem(value);
  if (problem) throw new BadInputError(`${name} ${problem}`, { argument: name });
  return value;
}

/** An optional id argument; null when absent. */
export function optionalId(name: string, value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : id(name, value);
}

/** A free-text argument of at most `max` characters; null when absent. */
export function text(name: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  if (value.length > max) {
    throw new BadInputError(`${name} is longer than ${max} characters`, { argument: name });
  }
  return value;
}

/** An integer argument within [min, max]. */
export function int(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadInputError(`${name} must be an integer from ${min} to ${max}`, {
      argument: name,
    });
  }
  return value;
}
