import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Metrics, RateBucket } from './compute.js';

/**
 * `kg report`: the operational metrics for people — a text report, and one self-contained HTML
 * page with charts (Chart.js, inlined: no CDN, works offline and as an e-mail attachment).
 *
 * Ticket text in the graph is hostile input. In the page every text is HTML-escaped where it is
 * written into markup; the chart data travels as JSON in a `<script type="application/json">`
 * block with `<`, `>`, `&` and line separators escaped, read with `JSON.parse` and drawn on a
 * canvas (never as HTML). A Content-Security-Policy allows only the page's own two scripts (by
 * hash), inline styles, and nothing from the network. In the text report, control characters are
 * removed so ticket text cannot move the terminal's cursor or change its colours.
 */

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

/** Removes control characters (terminal escapes) and folds whitespace runs. */
function plain(s: string): string {
  // eslint-disable-next-line no-control-regex -- that is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

function clip(s: string, n: number): string {
  const t = plain(s);
  return [...t].length <= n ? t : `${[...t].slice(0, n - 1).join('')}…`;
}

export function formatReport(m: Metrics): string {
  const lines: string[] = [];
  const out = (s = '') => lines.push(s);
  out(
    `supportgraph operational metrics, ${m.since.slice(0, 10)} to ${m.until.slice(0, 10)} ` +
      `(repeat window ${m.windowDays} days, flagged above ${pct(m.threshold)})`,
  );
  out();
  out(`cases                ${m.cases} (${m.casesWithCustomer} name a customer)`);
  out(`repeat inquiries     ${m.repeats} (${pct(m.repeatRate)} of cases)`);
  out(
    `link rate            ${m.linkRate.linked} / ${m.linkRate.cases} linked to a fault (${pct(m.linkRate.rate)}); ` +
      `${m.linkRate.reused} reused existing knowledge (${pct(m.linkRate.reuseRate)})`,
  );
  out(
    `deflection           ${m.deflection.helpful} HELPFUL / ${m.deflection.answersServed} answers served ` +
      `(${pct(m.deflection.rate)}); ${m.deflection.questions} questions asked`,
  );
  const table = (title: string, rows: readonly RateBucket[], showKey: boolean) => {
    out();
    out(title);
    out(`  ${'rate'.padStart(8)} ${'repeats'.padStart(6)} / cases`);
    if (rows.length === 0) {
      out('  (none)');
      return;
    }
    for (const b of rows) {
      const name =
        showKey && b.key !== b.label ? `${clip(b.label, 70)} [${b.key}]` : clip(b.label, 80);
      out(
        `  ${pct(b.rate).padStart(8)} ${String(b.repeats).padStart(6)} / ${String(b.total).padEnd(6)} ${b.flagged ? 'FLAGGED ' : '        '}${name}`,
      );
    }
  };
  table('repeat-inquiry rate by week (repeats / cases)', m.repeatByWeek, false);
  table('by product', m.repeatByProduct, true);
  table(`flagged: products and faults above ${pct(m.threshold)}`, m.flagged, true);
  table('faults that cause the most repeats', m.topRepeatFaults, true);
  out();
  out('coverage gaps: recent tickets that matched no fault');
  if (m.coverageGaps.length === 0) out('  (none)');
  for (const g of m.coverageGaps) {
    out(`  ${String(g.count).padStart(6)} ticket(s)  ${clip(g.label, 70)}`);
    for (const e of g.examples) out(`      e.g. ${clip(e, 100)}`);
  }
  return lines.join('\n') + '\n';
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

let chartJs: string | null = null;

/** Chart.js's UMD bundle (the installed chart.js package), without its source-map comment. */
function chartBundle(): string {
  if (chartJs === null) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    const source = readFileSync(path.join(path.dirname(main), 'chart.umd.js'), 'utf8');
    chartJs = source
      .replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n')
      .replace(/<\/script/gi, '<\\/script');
  }
  return chartJs;
}

/** Draws the charts from the JSON block; runs after Chart.js. Text goes to canvases only. */
const PAGE_SCRIPT = `(() => {
  const m = JSON.parse(document.getElementById('metrics-data').textContent);
  const pct = (x) => (x === null ? null : Math.round(x * 1000) / 10);
  const threshold = pct(m.threshold);
  const red = '#c0392b', blue = '#2e86de', grey = '#95a5a6';
  const colours = (rows) => rows.map((b) => (b.flagged ? red : blue));
  const line = (rows, axis) => ({ type: 'line', label: 'threshold ' + threshold + ' %',
    data: rows.map(() => threshold), borderColor: red, borderDash: [6, 4], pointRadius: 0,
    ...(axis ? { yAxisID: axis } : {}) });
  const rateChart = (id, rows, horizontal) => {
    const el = document.getElementById(id);
    if (!el || rows.length === 0) return;
    el.parentElement.style.height = 80 + 30 * rows.length + 'px';
    new Chart(el, {
      type: 'bar',
      data: {
        labels: rows.map((b) => b.label.length > 40 ? b.label.slice(0, 39) + '…' : b.label),
        datasets: [
          { label: 'repeat-inquiry rate (%)', data: rows.map((b) => pct(b.rate)),
            backgroundColor: colours(rows) },
          line(rows),
        ],
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        maintainAspectRatio: false,
        scales: horizontal ? { x: { beginAtZero: true, suggestedMax: 50 } }
                           : { y: { beginAtZero: true, suggestedMax: 50 } },
        plugins: { tooltip: { callbacks: { afterLabel: (c) => {
          const b = rows[c.dataIndex];
          return b ? b.repeats + ' repeats / ' + b.total + ' cases' : '';
        } } } },
      },
    });
  };
  const weeks = m.repeatByWeek;
  const el = document.getElementById('chart-weeks');
  if (el && weeks.length > 0) new Chart(el, {
    data: {
      labels: weeks.map((b) => b.key),
      datasets: [
        { type: 'line', label: 'repeat-inquiry rate (%)', data: weeks.map((b) => pct(b.rate)),
          borderColor: blue, backgroundColor: blue, yAxisID: 'rate', spanGaps: true },
        line(weeks, 'rate'),
        { type: 'bar', label: 'cases', data: weeks.map((b) => b.total), backgroundColor: '#dfe6e9',
          yAxisID: 'cases' },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, scales: {
      rate: { position: 'left', beginAtZero: true, suggestedMax: 50, title: { display: true, text: '%' } },
      cases: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
        title: { display: true, text: 'cases' } } } },
  });
  rateChart('chart-products', m.repeatByProduct, true);
  rateChart('chart-faults', m.topRepeatFaults, true);
  const d = document.getElementById('chart-deflection');
  if (d && m.deflection.answersServed > 0) new Chart(d, {
    type: 'doughnut',
    data: { labels: ['HELPFUL', 'no HELPFUL feedback'], datasets: [{
      data: [m.deflection.helpful, Math.max(0, m.deflection.answersServed - m.deflection.helpful)],
      backgroundColor: [blue, grey] }] },
    options: { animation: false, maintainAspectRatio: false },
  });
  const l = document.getElementById('chart-links');
  if (l && m.linkRate.cases > 0) new Chart(l, {
    type: 'doughnut',
    data: { labels: ['reused a fault', 'new fault', 'not linked'], datasets: [{
      data: [m.linkRate.reused, m.linkRate.linked - m.linkRate.reused, m.linkRate.cases - m.linkRate.linked],
      backgroundColor: [blue, '#f6b93b', grey] }] },
    options: { animation: false, maintainAspectRatio: false },
  });
})();`;

function hash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** One self-contained HTML page (Chart.js inlined) for a support lead. */
export function renderHtml(m: Metrics): string {
  const e = escapeHtml;
  const bundle = chartBundle();
  const csp = [
    "default-src 'none'",
    `script-src ${hash(bundle)} ${hash(PAGE_SCRIPT)}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
  ].join('; ');
  const card = (title: string, value: string, note: string) =>
    `<div class="card"><div class="t">${e(title)}</div><div class="v">${e(value)}</div><div class="n">${e(note)}</div></div>`;
  const rows = (list: readonly RateBucket[], empty: string) =>
    list.length === 0
      ? `<p class="empty">${e(empty)}</p>`
      : `<table><thead><tr><th>${e('what')}</th><th>kind</th><th class="num">repeats</th><th class="num">cases</th><th class="num">rate</th></tr></thead><tbody>${list
          .map(
            (b) =>
              `<tr${b.flagged ? ' class="flag"' : ''}><td>${e(b.label)}${b.key !== b.label ? ` <span class="key">${e(b.key)}</span>` : ''}</td><td>${e(b.kind)}</td><td class="num">${b.repeats}</td><td class="num">${b.total}</td><td class="num">${e(pct(b.rate))}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const gaps =
    m.coverageGaps.length === 0
      ? '<p class="empty">No recent ticket went without a matching fault.</p>'
      : `<table><thead><tr><th>topic</th><th class="num">tickets</th><th>examples</th></tr></thead><tbody>${m.coverageGaps
          .map(
            (g) =>
              `<tr><td>${e(g.label)}</td><td class="num">${g.count}</td><td><ul>${g.examples.map((x) => `<li>${e(x)}</li>`).join('')}</ul><div class="key">${e(g.caseIds.slice(0, 10).join(', '))}${g.caseIds.length > 10 ? ' …' : ''}</div></td></tr>`,
          )
          .join('')}</tbody></table>`;
  const period = `${m.since.slice(0, 10)} to ${m.until.slice(0, 10)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>supportgraph: operational metrics, ${e(period)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #2d3436; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2.2rem; border-bottom: 1px solid #dfe6e9; }
.sub { color: #636e72; margin-top: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: .8rem; margin: 1.2rem 0; }
.card { border: 1px solid #dfe6e9; border-radius: 6px; padding: .7rem .9rem; }
.card .t { color: #636e72; font-size: .85rem; } .card .v { font-size: 1.6rem; font-weight: 600; } .card .n { color: #636e72; font-size: .8rem; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; } .chart { position: relative; height: 300px; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #f0f0f0; vertical-align: top; }
th { font-weight: 600; color: #636e72; } .num { text-align: right; white-space: nowrap; }
tr.flag td { background: #fdecea; } .key { color: #95a5a6; font-size: .8rem; } ul { margin: 0; padding-left: 1.1rem; }
.empty { color: #636e72; font-style: italic; } .note { color: #636e72; font-size: .85rem; }
</style>
</head>
<body>
<h1>Operational metrics</h1>
<p class="sub">${e(period)} · repeat window ${m.windowDays} days · flagged above ${e(pct(m.threshold))} · generated ${e(m.generatedAt)}</p>
<div class="cards">
${card('repeat-inquiry rate', pct(m.repeatRate), `${m.repeats} of ${m.cases} cases came back within ${m.windowDays} days`)}
${card('deflection', pct(m.deflection.rate), `${m.deflection.helpful} HELPFUL of ${m.deflection.answersServed} answers served`)}
${card('link rate', pct(m.linkRate.rate), `${m.linkRate.linked} of ${m.linkRate.cases} cases linked to a fault`)}
${card('reuse rate', pct(m.linkRate.reuseRate), `${m.linkRate.reused} cases reused existing knowledge`)}
${card('flagged', String(m.flagged.length), 'products and faults above the threshold')}
</div>
<h2>Repeat-inquiry rate by week</h2>
<div class="chart"><canvas id="chart-weeks" aria-label="repeat-inquiry rate by week"></canvas></div>
<p class="note">A case is a repeat when its customer had a case on the same fault in the ${m.windowDays} days before it. Weeks start on Monday (UTC).</p>
<h2>By product</h2>
<div class="chart"><canvas id="chart-products" aria-label="repeat-inquiry rate by product"></canvas></div>
${rows(m.repeatByProduct, 'No cases in the period.')}
<h2>Flagged: products and faults above ${e(pct(m.threshold))}</h2>
${rows(m.flagged, 'Nothing passes the threshold.')}
<h2>Faults that cause the most repeats</h2>
<div class="chart"><canvas id="chart-faults" aria-label="faults that cause the most repeats"></canvas></div>
${rows(m.topRepeatFaults, 'No repeats in the period.')}
<h2>Deflection and links</h2>
<div class="grid">
<div><div class="chart"><canvas id="chart-deflection" aria-label="deflection"></canvas></div>
<p class="note">Deflection = HELPFUL feedback / answers served (${m.deflection.questions} questions asked).${m.deflection.answersServed === 0 ? ' No answers were served in the period.' : ''}</p></div>
<div><div class="chart"><canvas id="chart-links" aria-label="link rate"></canvas></div>
<p class="note">Link rate (KCS) = cases linked to a fault / cases; reuse = the fault existed before the case.</p></div>
</div>
<h2>Coverage gaps: recent tickets that matched no fault</h2>
${gaps}
<script type="application/json" id="metrics-data">${scriptJson(m)}</script>
<script>${bundle}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
