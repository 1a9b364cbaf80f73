import { gql } from '../api.js';
import {
  conceptRoute,
  dl,
  faultRoute,
  h,
  heading,
  link,
  listOr,
  loadInto,
  stateBadge,
  table,
} from '../dom.js';
import { date, lang, percent, t } from '../i18n.js';
import { loadVendor } from '../vendor.js';

/**
 * A fault: its causes, solutions (success rate, evidence), the tickets behind it, its concept path
 * and a graph of its neighbourhood (cytoscape). The graph repeats what the sections list, so the
 * page is complete without it (and for keyboard and screen-reader users).
 */

const SOLUTION = `id title(lang: $lang) steps(lang: $lang) state successRate evidenceCount helpful notHelpful reopened`;
const FAULT = `query Fault($id: ID!, $lang: Lang!) {
  fault(id: $id) {
    id title(lang: $lang) product state phrasings
    conceptPath(lang: $lang) { id label }
    concepts { id label(lang: $lang) }
    components { id name(lang: $lang) }
    causes { id text(lang: $lang) state cases { id } solutions { ${SOLUTION} } }
    solutions { ${SOLUTION} }
    cases { id subject createdAt customerId status }
  }
}`;

/** Tickets drawn in the graph at most (all are listed). */
const GRAPH_CASES = 15;

/** @param {HTMLElement} view @param {import('../app.js').Route} route */
export async function render(view, route) {
  view.append(heading('fault.title'), openForm(route.arg));
  if (!route.arg) return;
  const body = h('div');
  view.append(body);
  await loadInto(body, () => faultPage(route.arg ?? ''));
}

/** @param {string | null} current */
function openForm(current) {
  const input = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'text',
      id: 'fault-id',
      name: 'id',
      value: current ?? '',
      autocomplete: 'off',
      spellcheck: 'false',
    })
  );
  const form = h(
    'form',
    { class: 'search' },
    h('label', { for: 'fault-id' }, t('fault.open')),
    h('div', { class: 'row' }, input, h('button', { type: 'submit' }, t('fault.openButton'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim()) location.hash = `#/${faultRoute(input.value.trim())}`;
  });
  return form;
}

/**
 * @typedef {{ id: string, title: string, steps: string[], state: string | null, successRate: number,
 *   evidenceCount: number, helpful: number, notHelpful: number, reopened: number }} Solution
 */

/** What the graph's colours and shapes mean. */
function legend() {
  const kinds = [
    ['fault', 'type.Fault'],
    ['cause', 'type.Cause'],
    ['solution', 'type.Solution'],
    ['concept', 'type.Concept'],
    ['component', 'type.Component'],
    ['case', 'type.Case'],
  ];
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    ...kinds.map(([kind, key]) =>
      h('li', {}, h('span', { class: `swatch swatch-${kind}` }), t(key ?? '')),
    ),
  );
}

/** @param {number} n */
const evidence = (n) => h('span', { class: 'muted small' }, `${t('fault.evidence')}: ${n}`);

/** @param {string} id */
async function faultPage(id) {
  const { fault } = await gql(FAULT, { id, lang: lang() });
  if (!fault) return h('p', { role: 'alert' }, t('fault.notFound', { id }));
  /** @type {Map<string, { s: Solution, via: string | null }>} */
  const solutions = new Map();
  for (const s of fault.solutions) solutions.set(s.id, { s, via: null });
  for (const c of fault.causes)
    for (const s of c.solutions) if (!solutions.has(s.id)) solutions.set(s.id, { s, via: c.id });
  const path = [...fault.conceptPath].reverse();
  const graph = h('div', { class: 'graph', role: 'img', 'aria-label': t('fault.graphLabel') });
  /** @param {string} id @param {string} key @param {...import('../dom.js').Child} content */
  const section = (id, key, ...content) =>
    h('section', { 'aria-labelledby': id }, h('h3', { id }, t(key)), ...content);
  const breadcrumb =
    path.length > 0
      ? h(
          'nav',
          { class: 'breadcrumb', 'aria-label': t('fault.path') },
          h(
            'ol',
            {},
            ...path.map((/** @type {{ id: string, label: string }} */ c) =>
              h('li', {}, link(conceptRoute(c.id), c.label)),
            ),
          ),
        )
      : null;
  const components = fault.components.map((/** @type {{ name: string }} */ c) => c.name);
  const facts = dl([
    [t('fault.product'), fault.product ?? t('dashboard.noData')],
    [t('fault.components'), components.join(' · ') || t('common.none')],
    [t('fault.evidence'), String(fault.cases.length)],
  ]);
  /** @typedef {{ id: string, text: string, state: string | null, cases: unknown[] }} Cause */
  const causes = section(
    'causes-h',
    'fault.causes',
    listOr('ul', { class: 'plain causes' }, fault.causes, (/** @type {Cause} */ c) => [
      c.text,
      ' ',
      stateBadge(c.state),
      ' ',
      evidence(c.cases.length),
    ]),
  );
  const solutionRows = [...solutions.values()].map(({ s, via }) => [
    h(
      'div',
      {},
      s.title,
      ' ',
      stateBadge(s.state),
      via ? h('div', { class: 'muted small' }, t('fault.viaCause', { id: via })) : null,
    ),
    h('span', { class: 'num' }, percent(s.successRate)),
    h('span', { class: 'num' }, String(s.evidenceCount)),
    t('fault.outcomeCounts', {
      helpful: s.helpful,
      notHelpful: s.notHelpful,
      reopened: s.reopened,
    }),
    s.steps.length > 0
      ? h('ol', { class: 'steps' }, ...s.steps.map((x) => h('li', {}, x)))
      : t('common.none'),
  ]);
  const solutionHead = [
    t('fault.solution'),
    t('fault.successRate'),
    t('fault.evidence'),
    t('fault.outcomes'),
    t('fault.steps'),
  ];
  /** @typedef {{ id: string, subject: string | null, createdAt: string | null, customerId: string | null, status: string | null }} Case */
  const ticketRows = fault.cases.map((/** @type {Case} */ k) => [
    h('code', {}, k.id),
    k.subject ?? '',
    date(k.createdAt),
    k.customerId ?? '',
    k.status ?? '',
  ]);
  const ticketHead = [
    t('common.id'),
    t('fault.subject'),
    t('fault.created'),
    t('fault.customer'),
    t('fault.status'),
  ];
  const article = h(
    'article',
    { class: 'fault', dataset: { fault: fault.id } },
    h(
      'header',
      { class: 'fault-head' },
      h('h2', {}, fault.title),
      h('p', { class: 'meta' }, stateBadge(fault.state), ' ', h('code', {}, fault.id)),
      breadcrumb,
    ),
    h(
      'div',
      { class: 'fault-top' },
      h('div', {}, facts, causes),
      section(
        'graph-h',
        'fault.graph',
        fault.cases.length > GRAPH_CASES
          ? h(
              'p',
              { class: 'muted small' },
              t('fault.ticketsShown', { shown: GRAPH_CASES, n: fault.cases.length }),
            )
          : null,
        graph,
        legend(),
      ),
    ),
    section(
      'solutions-h',
      'fault.solutions',
      solutions.size === 0
        ? h('p', {}, t('common.none'))
        : table(t('fault.solutions'), solutionHead, solutionRows, { class: 'solutions' }),
    ),
    section(
      'tickets-h',
      'fault.tickets',
      fault.cases.length === 0
        ? h('p', {}, t('common.none'))
        : table(t('fault.tickets'), ticketHead, ticketRows),
    ),
    fault.phrasings.length > 0
      ? section(
          'phrasings-h',
          'fault.phrasings',
          h(
            'ul',
            { class: 'plain phrasings' },
            ...fault.phrasings.map((/** @type {string} */ p) => h('li', {}, p)),
          ),
        )
      : null,
  );
  // Drawn once the container is in the page (cytoscape measures it).
  requestAnimationFrame(() => void drawGraph(graph, fault, [...solutions.values()]));
  return article;
}

/**
 * @param {HTMLElement} container
 * @param {any} fault
 * @param {{ s: Solution, via: string | null }[]} solutions
 */
async function drawGraph(container, fault, solutions) {
  let cytoscape;
  try {
    cytoscape = await loadVendor('cytoscape');
  } catch {
    container.replaceWith(h('p', { role: 'alert' }, t('fault.graphUnavailable')));
    return;
  }
  const short = (/** @type {string} */ s) => (s.length > 28 ? `${s.slice(0, 27)}…` : s);
  /** @type {any[]} */
  const elements = [];
  const nodes = new Set();
  /** @param {string} id @param {string} kind @param {string} text */
  const node = (id, kind, text) => {
    if (nodes.has(id)) return;
    nodes.add(id);
    elements.push({ data: { id, label: short(text), kind } });
  };
  /** @param {string} source @param {string} target @param {string} rel */
  const edge = (source, target, rel) =>
    elements.push({ data: { id: `${source}>${rel}>${target}`, source, target, rel } });
  const f = `Fault:${fault.id}`;
  node(f, 'fault', fault.title);
  for (const c of fault.causes) {
    node(`Cause:${c.id}`, 'cause', c.text);
    edge(f, `Cause:${c.id}`, 'HAS_CAUSE');
  }
  for (const { s, via } of solutions) {
    node(`Solution:${s.id}`, 'solution', s.title);
    edge(via ? `Cause:${via}` : f, `Solution:${s.id}`, 'RESOLVED_BY');
  }
  for (const c of fault.concepts) {
    node(`Concept:${c.id}`, 'concept', c.label);
    edge(f, `Concept:${c.id}`, 'INSTANCE_OF');
  }
  const path = fault.conceptPath;
  for (let i = 0; i < path.length; i++) {
    node(`Concept:${path[i].id}`, 'ancestor', path[i].label);
    if (i > 0) edge(`Concept:${path[i - 1].id}`, `Concept:${path[i].id}`, 'IS_A');
  }
  for (const m of fault.components) {
    node(`Component:${m.id}`, 'component', m.name);
    edge(f, `Component:${m.id}`, 'AFFECTS');
  }
  for (const k of fault.cases.slice(0, GRAPH_CASES)) {
    node(`Case:${k.id}`, 'case', k.id);
    edge(`Case:${k.id}`, f, 'REPORTS');
  }
  const colours = {
    ancestor: '#1f4e79',
    fault: '#b3261e',
    cause: '#8a5a00',
    solution: '#1b6e3a',
    concept: '#1f4e79',
    component: '#5b3f8c',
    case: '#555',
  };
  const cy = cytoscape({
    container,
    elements,
    userZoomingEnabled: false,
    maxZoom: 1.6,
    boxSelectionEnabled: false,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'font-size': 11,
          'text-wrap': 'wrap',
          'text-max-width': 120,
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-background-color': '#fff',
          'text-background-opacity': 0.85,
          'text-background-padding': 2,
          color: '#1a1a1a',
          width: 18,
          height: 18,
        },
      },
      ...Object.entries(colours).map(([kind, colour]) => ({
        selector: `node[kind = "${kind}"]`,
        style: { 'background-color': colour },
      })),
      { selector: 'node[kind = "fault"]', style: { width: 30, height: 30, 'font-weight': 'bold' } },
      {
        selector: 'node[kind = "concept"], node[kind = "ancestor"]',
        style: { shape: 'round-rectangle' },
      },
      { selector: 'node[kind = "case"]', style: { shape: 'diamond', width: 12, height: 12 } },
      {
        selector: 'edge',
        style: {
          width: 1.5,
          'line-color': '#9aa5b1',
          'target-arrow-color': '#9aa5b1',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
        },
      },
    ],
    // Radial and deterministic: the fault in the middle, its direct neighbours on the first ring,
    // what hangs off them (solutions of causes, broader concepts) further out.
    layout: {
      name: 'breadthfirst',
      circle: true,
      roots: [f],
      animate: false,
      padding: 16,
      spacingFactor: 1.5,
    },
  });
  cy.on('tap', 'node', (/** @type {any} */ e) => {
    const [type, ...rest] = String(e.target.id()).split(':');
    const id = rest.join(':');
    if (type === 'Concept') location.hash = `#/${conceptRoute(id)}`;
  });
  container.dataset.nodes = String(cy.nodes().length);
}
