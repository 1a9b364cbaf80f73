/**
 * Ticket readers: JSONL (seed and shared evaluation schemas) and CSV exports, streamed into the
 * canonical {@link Ticket} with one item per record (bad records reported, never thrown).
 */
export { readTickets, readTicketsFromString, DEFAULT_MAX_LINE_BYTES } from './read-tickets.js';
export type { ReadOptions, TicketFormat } from './read-tickets.js';
export { CANONICAL_FIELDS, parseFieldMap } from './field-map.js';
export type { CanonicalField, FieldMap } from './field-map.js';
export { normalizeDate } from './dates.js';
export type { DateResult } from './dates.js';
export { mapSender, recordToTicket } from './to-ticket.js';
export type { ConversionResult, SourceRecord } from './to-ticket.js';
export type { SourceEncoding } from './lines.js';
export type { ReadItem, Ticket, TicketLang, TicketTurn, TurnSender } from './ticket.js';
