import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from '../app.js';
import { BadInputError } from '../errors.js';
import { formatReport, renderHtml } from '../metrics/report.js';

export interface ReportCliOptions {
  json?: boolean;
  since?: string;
  until?: string;
  window?: string;
  threshold?: string;
  product?: string;
  minCases?: string;
  top?: string;
  html?: string;
}

/** A whole number option, or a BadInputError naming it. */
function intOption(value: string | undefined, name: string): number | null {
  if (value === undefined) return null;
  if (!/^\d+$/.test(value.trim())) throw new BadInputError(`--${name} must be a whole number`);
  return Number(value);
}

/** `kg report`: the metrics query's figures as text (or JSON) on stdout, optionally an HTML page. */
export async function report(
  app: App,
  opts: ReportCliOptions,
  out: (s: string) => void,
): Promise<void> {
  let threshold: number | null = null;
  if (opts.threshold !== undefined) {
    const raw = opts.threshold.trim();
    // "25%" and "0.25" both mean a quarter.
    threshold = raw.endsWith('%') ? Number(raw.slice(0, -1)) / 100 : Number(raw);
    if (raw === '' || !Number.isFinite(threshold))
      throw new BadInputError('--threshold must be a share (0.25) or a percentage (25%)');
  }
  const m = await app.services.metrics({
    since: opts.since ?? null,
    until: opts.until ?? null,
    windowDays: intOption(opts.window, 'window'),
    threshold,
    product: opts.product ?? null,
    minCases: intOption(opts.minCases, 'min-cases'),
    top: intOption(opts.top, 'top'),
  });
  if (opts.html) {
    const file = path.resolve(opts.html);
    writeFileSync(file, renderHtml(m), 'utf8');
    if (!opts.json) out(`HTML report written to ${file}\n\n`);
  }
  out(opts.json ? JSON.stringify(m) + '\n' : formatReport(m));
}
