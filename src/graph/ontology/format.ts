import type { OntologyIssue } from './model.js';

/** Orders issues by file, line, column, then message (code-unit order, locale-independent). */
export function compareIssues(a: OntologyIssue, b: OntologyIssue): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/**
 * Renders issues one per line as `file:line:column: message`, sorted by file, line and column.
 * Returns `''` when there are no issues; lines are joined with `\n` (no trailing newline).
 */
export function formatIssues(issues: readonly OntologyIssue[]): string {
  return [...issues]
    .sort(compareIssues)
    .map((i) => `${i.file}:${i.line}:${i.column}: ${i.message}`)
    .join('\n');
}
