import { gql } from '../api.js';
import { conceptRoute, dl, faultRoute, h, heading, link, loadInto } from '../dom.js';
import { lang, otherLang, t } from '../i18n.js';

/**
 * The concept tree (tier 2) in the current language with the other language beside it, the
 * number of instances of each concept, a search over ids, labels and aliases (the API's), and the
 * chosen concept's labels, aliases, parents, children and instances.
 */

const ALL = `query Concepts($after: String, $search: String) {
  concepts(first: 100, after: $after, search: $search) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id type zh: label(lang: zh) en: label(lang: en) parents { id } instanceCount } }
  }
}`;

const ONE = `query Concept($id: ID!) {
  concept(id: $id) {
    id type zh: label(lang: zh) en: label(lang: en)
    aliases { lang texts }
    parents { id zh: label(lang: zh) en: label(lang: en) }
    children { id zh: label(lang: zh) en: label(lang: en) }
    instanceCount
    instances(first: 100) { type id }
  }
}`;

/** @typedef {{ id: string, type: string, zh: string, en: string, parents: { id: string }[], instanceCount: number }} Node */

/**
 * Every concept matching `search` (all of them without), page by page.
 * @param {string | null} search
 * @returns {Promise<Node[]>}
 */
async function fetchConcepts(search) {
  /** @type {Node[]} */
  const out = [];
  /** @type {string | null} */
  let after = null;
  for (;;) {
    const { concepts } = await gql(ALL, { after, search });
    out.push(...concepts.edges.map((/** @type {{ node: Node }} */ e) => e.node));
    if (!concepts.pageInfo.hasNextPage) return out;
    after = concepts.pageInfo.endCursor;
  }
}

/** @param {{ zh: string, en: string }} c */
const label = (c) => c[lang()];
/** @param {{ zh: string, en: string }} c */
const other = (c) => c[otherLang()];

/** @param {HTMLElement} view @param {import('../app.js').Route} route */
export async function render(view, route) {
  const search = route.params.get('q') ?? '';
  const input = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'search',
      id: 'concept-search',
      name: 'q',
      value: search,
      autocomplete: 'off',
    })
  );
  const form = h(
    'form',
    { class: 'search', role: 'search' },
    h('label', { for: 'concept-search' }, t('concepts.search')),
    h(
      'div',
      { class: 'row' },
      input,
      h('button', { type: 'submit' }, t('concepts.searchButton')),
      search
        ? h(
            'a',
            {
              href: `#/${route.arg ? conceptRoute(route.arg) : 'concepts'}`,
              class: 'button secondary',
            },
            t('concepts.clear'),
          )
        : null,
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim();
    const base = route.arg ? conceptRoute(route.arg) : 'concepts';
    location.hash = `#/${base}${q ? `?q=${encodeURIComponent(q)}` : ''}`;
  });
  const tree = h('section', { class: 'tree-pane', 'aria-label': t('concepts.title') });
  const detail = h('section', { class: 'detail-pane', 'aria-live': 'polite' });
  view.append(
    heading('concepts.title'),
    h('p', { class: 'intro' }, t('concepts.intro')),
    form,
    h('div', { class: 'split' }, tree, detail),
  );
  const query = search ? `?q=${encodeURIComponent(search)}` : '';
  void loadInto(detail, () =>
    route.arg
      ? conceptDetail(route.arg, query)
      : Promise.resolve(h('p', { class: 'muted' }, t('concepts.pick'))),
  );
  await loadInto(tree, async () => {
    const [all, matches] = await Promise.all([
      fetchConcepts(null),
      search ? fetchConcepts(search) : Promise.resolve(null),
    ]);
    return buildTree(all, matches ? new Set(matches.map((m) => m.id)) : null, route.arg, query);
  });
}

/**
 * The tree: roots are concepts without parents, grouped by the type they refine. With a search,
 * only matches and their ancestors are shown, expanded, matches marked.
 * @param {Node[]} all @param {Set<string> | null} matches @param {string | null} selected @param {string} query
 */
function buildTree(all, matches, selected, query) {
  const byId = new Map(all.map((c) => [c.id, c]));
  /** @type {Map<string, Node[]>} */
  const children = new Map();
  for (const c of all)
    for (const p of c.parents)
      if (byId.has(p.id)) children.set(p.id, [...(children.get(p.id) ?? []), c]);
  /** @type {Set<string> | null} */
  let visible = null;
  if (matches) {
    visible = new Set();
    /** @param {string} id */
    const up = (id) => {
      if (visible?.has(id)) return;
      visible?.add(id);
      for (const p of byId.get(id)?.parents ?? []) up(p.id);
    };
    for (const id of matches) up(id);
  }
  const expanded = new Set(visible ?? []);
  if (selected) {
    /** @param {string} id */
    const open = (id) => {
      for (const p of byId.get(id)?.parents ?? [])
        if (!expanded.has(p.id)) {
          expanded.add(p.id);
          open(p.id);
        }
    };
    open(selected);
  }
  const sort = (/** @type {Node[]} */ xs) =>
    [...xs].sort((a, b) => label(a).localeCompare(label(b), lang()));

  /** @param {Node} c @param {number} depth @returns {HTMLElement} */
  const item = (c, depth) => {
    const kids = sort((children.get(c.id) ?? []).filter((k) => !visible || visible.has(k.id)));
    const list =
      kids.length > 0 && depth < 12
        ? h('ul', { role: 'group' }, ...kids.map((k) => item(k, depth + 1)))
        : null;
    const isOpen = expanded.has(c.id);
    if (list) list.hidden = !isOpen;
    const toggle = list
      ? h('button', {
          type: 'button',
          class: 'toggle',
          'aria-expanded': String(isOpen),
          'aria-label': t(isOpen ? 'concepts.collapse' : 'concepts.expand', { label: label(c) }),
          text: isOpen ? '▾' : '▸',
        })
      : h('span', { class: 'toggle-space', 'aria-hidden': 'true' });
    toggle.addEventListener('click', () => {
      if (!list) return;
      const open = list.hidden;
      list.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.setAttribute(
        'aria-label',
        t(open ? 'concepts.collapse' : 'concepts.expand', { label: label(c) }),
      );
      toggle.textContent = open ? '▾' : '▸';
    });
    const name = link(`${conceptRoute(c.id)}${query}`, label(c), {
      class: matches?.has(c.id) ? 'match' : undefined,
      'aria-current': c.id === selected ? 'true' : undefined,
    });
    return h(
      'li',
      { dataset: { concept: c.id } },
      h(
        'div',
        { class: 'node' },
        toggle,
        name,
        h('span', { class: 'other-lang', lang: otherLang() === 'zh' ? 'zh-CN' : 'en' }, other(c)),
        h(
          'span',
          { class: 'count', title: t('concepts.instances', { n: c.instanceCount }) },
          String(c.instanceCount),
        ),
      ),
      list,
    );
  };

  const roots = all.filter(
    (c) => c.parents.every((p) => !byId.has(p.id)) && (!visible || visible.has(c.id)),
  );
  /** @type {Map<string, Node[]>} */
  const byType = new Map();
  for (const r of roots) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  return [
    h(
      'p',
      { class: 'count' },
      matches ? t('concepts.matches', { n: matches.size }) : t('concepts.total', { n: all.length }),
    ),
    ...[...byType.keys()]
      .sort()
      .map((type) =>
        h(
          'div',
          { class: 'tree-group' },
          h('h2', {}, t(`type.${type}`)),
          h('ul', { class: 'tree' }, ...sort(byType.get(type) ?? []).map((r) => item(r, 0))),
        ),
      ),
  ];
}

/** @param {string} id @param {string} query */
async function conceptDetail(id, query) {
  const { concept } = await gql(ONE, { id });
  if (!concept) return h('p', {}, t('error.NOT_FOUND', { message: id }));
  /** @param {{ id: string, zh: string, en: string }[]} xs */
  const links = (xs) =>
    xs.length === 0
      ? t('common.none')
      : h(
          'ul',
          { class: 'inline' },
          ...xs.map((x) => h('li', {}, link(`${conceptRoute(x.id)}${query}`, label(x)))),
        );
  return h(
    'article',
    { class: 'concept', dataset: { concept: concept.id } },
    h('h2', {}, label(concept), ' ', h('span', { class: 'other-lang' }, other(concept))),
    dl([
      [t('common.id'), h('code', {}, concept.id)],
      [t('concepts.type'), t(`type.${concept.type}`)],
      [t('concepts.labels'), `中文：${concept.zh} · English: ${concept.en}`],
      [
        t('concepts.aliases'),
        concept.aliases.length === 0
          ? t('common.none')
          : h(
              'ul',
              { class: 'plain' },
              ...concept.aliases.map((/** @type {{ lang: string, texts: string[] }} */ a) =>
                h('li', {}, h('strong', {}, `${a.lang}: `), a.texts.join(' · ')),
              ),
            ),
      ],
      [t('concepts.parents'), links(concept.parents)],
      [t('concepts.children'), links(concept.children)],
    ]),
    h('h3', {}, `${t('concepts.instanceList')} (${concept.instanceCount})`),
    concept.instances.length === 0
      ? h('p', {}, t('common.none'))
      : h(
          'ul',
          { class: 'plain' },
          ...concept.instances.map((/** @type {{ type: string, id: string }} */ i) =>
            h(
              'li',
              {},
              `${t(`type.${i.type}`)} `,
              i.type === 'Fault' ? link(faultRoute(i.id), i.id) : h('code', {}, i.id),
            ),
          ),
        ),
  );
}
