/**
 * The canonical ticket every reader produces, whatever the source format (seed JSONL, the shared
 * evaluation schema, CSV exports). Downstream extraction only ever sees this shape.
 */

/** Who wrote a dialogue turn. Source labels (`helpdesk`, `user`, `客服`…) are mapped onto these. */
export type TurnSender = 'customer' | 'agent';

/** One message of a customer ↔ support conversation. */
export interface TicketTurn {
  sender: TurnSender;
  text: string;
}

/** Language of a ticket's text, when the source states one. */
export type TicketLang = 'zh' | 'en';

/**
 * A resolved (or open) support ticket in canonical form.
 *
 * Text fields are trimmed and empty strings become `null`. Dates are ISO-8601 UTC strings
 * (`2026-08-01T14:40:00Z`) or `null`; a date the reader could not parse is dropped to `null` and
 * explained in `meta.warnings`.
 */
export interface Ticket {
  id: string;
  createdAt: string | null;
  resolvedAt: string | null;
  customerId: string | null;
  product: string | null;
  subject: string | null;
  description: string | null;
  cause: string | null;
  resolution: string | null;
  status: string | null;
  lang: TicketLang | null;
  duplicateOf: string[];
  /** Dialogue turns when the source is a conversation (e.g. customer ↔ helpdesk). */
  turns: TicketTurn[] | null;
  /** Source-specific extras kept as given (e.g. meta of the shared data schema). */
  meta: Record<string, unknown>;
}

/**
 * What a reader yields for each physical record: a ticket, or a bad record with the reason and
 * the first 500 characters of its text. Readers never throw for bad records, so one broken row
 * cannot stop an import, and `tickets + bad` always accounts for every non-empty record.
 * `line` is the 1-based physical line where the record starts (CSV records may span lines).
 */
export type ReadItem =
  | { kind: 'ticket'; line: number; ticket: Ticket }
  | { kind: 'bad'; line: number; reason: string; raw: string };
