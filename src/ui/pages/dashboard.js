import { ApiError, gql } from '../api.js';
import { faultRoute, h, heading, link, loadInto, table } from '../dom.js';
import { lang, percent, t } from '../i18n.js';
import { loadVendor } from '../vendor.js';

/**
 * Are repeats falling? The `metrics` query (repeat-inquiry rate by week, deflection, link rate,
 * faults causing repeats, coverage gaps) as tiles, a chart (chart.js, with the numbers in a table
 * too) and tables. A server without the `metrics` query gets a clear notice, not an error.
 */

const METRICS = `query Metrics($input: MetricsInput) {
  metrics(input: $input) {
    since until windowDays threshold cases casesWithCustomer repeats repeatRate
    repeatByWeek { key label total repeats rate flagged }
    topRepeatFaults { key label kind total repeats rate flagged }
    flagged { key label kind total repeats rate }
    deflection { questions answersServed helpful rate }
    linkRate { cases linked rate reused reuseRate }
    coverageGaps { label count examples caseIds }
  }
}`;

/** @typedef {{ key: string, label: string, kind: string, total: number, repeats: number, rate: number | null, flagged: boolean }} Bucket */

const settings = { weeks: '12', windowDays: '' };
/** @type {any} */
let chart = null;

/**
 * True when the server has no `metrics` query (an older server, or one built without it).
 * @param {unknown} e
 */
function metricsMissing(e) {
  return (
    e instanceof ApiError && e.code === 'GRAPHQL_VALIDATION_FAILED' && /metrics/i.test(e.message)
  );
}

/** @param {HTMLElement} view */
export async function render(view) {
  const weeks = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'dash-weeks', name: 'weeks' },
      ...['4', '12', '26', '52'].map((n) =>
        h('option', { value: n }, t('dashboard.weeksOption', { n })),
      ),
    )
  );
  weeks.value = settings.weeks;
  const windowDays = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'dash-window',
      name: 'windowDays',
      type: 'number',
      min: '1',
      max: '365',
      inputmode: 'numeric',
      value: settings.windowDays,
    })
  );
  const form = h(
    'form',
    { class: 'grid controls' },
    h('div', { class: 'field' }, h('label', { for: 'dash-weeks' }, t('dashboard.weeks')), weeks),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'dash-window' }, t('dashboard.window')),
      windowDays,
    ),
    h('div', { class: 'field end' }, h('button', { type: 'submit' }, t('dashboard.update'))),
  );
  const body = h('div');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    settings.weeks = weeks.value;
    settings.windowDays = windowDays.value;
    void loadInto(body, load);
  });
  view.append(
    heading('dashboard.title'),
    h('p', { class: 'intro' }, t('dashboard.intro')),
    form,
    body,
  );
  await loadInto(body, load);
}

async function load() {
  const until = new Date();
  const since = new Date(until.getTime() - Number(settings.weeks) * 7 * 86_400_000);
  const input = {
    since: since.toISOString().slice(0, 10),
    until: until.toISOString().slice(0, 10),
    ...(settings.windowDays ? { windowDays: Number(settings.windowDays) } : {}),
  };
  let m;
  try {
    m = (await gql(METRICS, { input })).metrics;
  } catch (e) {
    if (metricsMissing(e))
      return h(
        'p',
        { class: 'notice', role: 'status', dataset: { unavailable: 'metrics' } },
        t('dashboard.unavailable'),
      );
    throw e;
  }
  const canvas = h('canvas', { 'aria-hidden': 'true' });
  const weekly = /** @type {Bucket[]} */ (m.repeatByWeek);
  const content = [
    h(
      'ul',
      { class: 'tiles' },
      tile(t('dashboard.cases'), String(m.cases), undefined, 'cases'),
      tile(
        t('dashboard.repeats'),
        String(m.repeats),
        t('dashboard.repeatsDetail', { n: m.casesWithCustomer }),
      ),
      tile(t('dashboard.repeatRate'), percent(m.repeatRate, 1)),
      tile(
        t('dashboard.deflection'),
        percent(m.deflection.rate, 1),
        t('dashboard.deflectionDetail', {
          helpful: m.deflection.helpful,
          served: m.deflection.answersServed,
          questions: m.deflection.questions,
        }),
      ),
      tile(
        t('dashboard.linkRate'),
        percent(m.linkRate.rate, 1),
        t('dashboard.linkDetail', { linked: m.linkRate.linked, cases: m.linkRate.cases }),
      ),
      tile(
        t('dashboard.reuse'),
        percent(m.linkRate.reuseRate, 1),
        t('dashboard.reuseDetail', { reused: m.linkRate.reused, cases: m.linkRate.cases }),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'weekly-h' },
      h('h2', { id: 'weekly-h' }, t('dashboard.byWeek')),
      h('div', { class: 'chart' }, canvas),
      h(
        'details',
        {},
        h('summary', {}, t('dashboard.table')),
        table(
          t('dashboard.byWeek'),
          [
            t('dashboard.week'),
            t('dashboard.cases'),
            t('dashboard.repeats'),
            t('dashboard.rateCol'),
          ],
          weekly.map((b) => [b.label, String(b.total), String(b.repeats), percent(b.rate, 1)]),
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'top-h' },
      h('h2', { id: 'top-h' }, t('dashboard.topFaults')),
      m.topRepeatFaults.length === 0
        ? h('p', {}, t('common.none'))
        : bucketTable(t('dashboard.topFaults'), m.topRepeatFaults),
    ),
    h(
      'section',
      { 'aria-labelledby': 'flagged-h' },
      h('h2', { id: 'flagged-h' }, t('dashboard.flagged', { threshold: percent(m.threshold) })),
      m.flagged.length === 0
        ? h('p', {}, t('common.none'))
        : bucketTable(t('dashboard.flagged', { threshold: percent(m.threshold) }), m.flagged),
    ),
    h(
      'section',
      { 'aria-labelledby': 'gaps-h' },
      h('h2', { id: 'gaps-h' }, t('dashboard.gaps')),
      h('p', { class: 'muted' }, t('dashboard.gapsIntro')),
      m.coverageGaps.length === 0
        ? h('p', {}, t('common.none'))
        : table(
            t('dashboard.gaps'),
            [t('dashboard.label'), t('dashboard.count'), t('dashboard.examples')],
            m.coverageGaps.map(
              (/** @type {{ label: string, count: number, examples: string[] }} */ g) => [
                g.label,
                h('span', { class: 'num' }, String(g.count)),
                h('ul', { class: 'plain' }, ...g.examples.slice(0, 3).map((x) => h('li', {}, x))),
              ],
            ),
          ),
    ),
  ];
  requestAnimationFrame(() => void drawChart(/** @type {HTMLCanvasElement} */ (canvas), weekly));
  return content;
}

/**
 * @param {string} label @param {string} value @param {string} [detail]
 * @param {string} [name] for tests and styling (`data-tile`)
 */
function tile(label, value, detail, name) {
  return h(
    'li',
    { class: 'tile', dataset: name ? { tile: name } : {} },
    h('span', { class: 'tile-label' }, label),
    h('strong', { class: 'tile-value' }, value),
    detail ? h('span', { class: 'muted small' }, detail) : null,
  );
}

/** @param {string} caption @param {Bucket[]} buckets */
function bucketTable(caption, buckets) {
  return table(
    caption,
    [t('dashboard.label'), t('dashboard.repeats'), t('dashboard.total'), t('dashboard.rateCol')],
    buckets.map((b) => [
      b.kind === 'FAULT' ? link(faultRoute(b.key), b.label) : b.label,
      h('span', { class: 'num' }, String(b.repeats)),
      h('span', { class: 'num' }, String(b.total)),
      h('span', { class: 'num' }, percent(b.rate, 1)),
    ]),
  );
}

/** @param {HTMLCanvasElement} canvas @param {Bucket[]} weekly */
async function drawChart(canvas, weekly) {
  const Chart = await loadVendor('Chart');
  chart?.destroy();
  chart = new Chart(canvas, {
    data: {
      labels: weekly.map((b) => b.label),
      datasets: [
        {
          type: 'line',
          label: t('dashboard.rate'),
          data: weekly.map((b) => (b.rate === null ? null : b.rate * 100)),
          borderColor: '#b3261e',
          backgroundColor: '#b3261e',
          yAxisID: 'rate',
          tension: 0,
        },
        {
          type: 'bar',
          label: t('dashboard.casesSeries'),
          data: weekly.map((b) => b.total),
          backgroundColor: '#9fc3e6',
          yAxisID: 'cases',
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      locale: lang() === 'zh' ? 'zh-CN' : 'en',
      scales: {
        rate: {
          position: 'left',
          min: 0,
          title: { display: true, text: `${t('dashboard.rate')} (%)` },
        },
        cases: {
          position: 'right',
          min: 0,
          grid: { drawOnChartArea: false },
          title: { display: true, text: t('dashboard.casesSeries') },
        },
      },
    },
  });
}
