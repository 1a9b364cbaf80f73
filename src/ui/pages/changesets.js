import { describeError, gql } from '../api.js';
import {
  announce,
  dl,
  faultRoute,
  h,
  heading,
  link,
  loadInto,
  messageBox,
  showMessage,
  stateBadge,
} from '../dom.js';
import { date, t } from '../i18n.js';

/**
 * Extraction changesets, newest first: what each batch created, linked and changed, and revert
 * (with a confirmation step in the page, not a browser dialog).
 */

const LIST = `query Changesets {
  changesets(first: 50) {
    id run source createdAt state
    summary { reason count }
    created { type id }
    changed { type id }
    linkCount changedCount
  }
}`;

const REVERT = `mutation Revert($id: ID!) { revertChangeset(id: $id) { id state } }`;

/** @typedef {{ type: string, id: string }} Ref */
/**
 * @typedef {{ id: string, run: string, source: string, createdAt: string, state: string,
 *   summary: { reason: string, count: number }[], created: Ref[], changed: Ref[],
 *   linkCount: number, changedCount: number }} Changeset
 */

/** @param {HTMLElement} view */
export async function render(view) {
  const body = h('div');
  view.append(heading('changesets.title'), h('p', { class: 'intro' }, t('changesets.intro')), body);
  await loadInto(body, async () => {
    /** @type {Changeset[]} */
    const list = (await gql(LIST)).changesets;
    if (list.length === 0) return h('p', {}, t('changesets.empty'));
    return h('ol', { class: 'cards changesets' }, ...list.map(card));
  });
}

/** @param {Ref} r */
function ref(r) {
  return h(
    'li',
    {},
    `${t(`type.${r.type}`)} `,
    r.type === 'Fault' ? link(faultRoute(r.id), r.id) : h('code', {}, r.id),
  );
}

/** @param {string} reason */
function summaryLabel(reason) {
  const key = `summary.${reason}`;
  const s = t(key);
  return s === key ? reason : s;
}

/** @param {Changeset} cs */
function card(cs) {
  const titleId = `cs-${cs.id}`;
  let badge = stateBadge(cs.state);
  const message = messageBox();
  const actions = h('div', { class: 'actions' });
  const revert = h(
    'button',
    { type: 'button', class: 'danger', dataset: { action: 'revert' } },
    t('changesets.revert'),
  );
  revert.addEventListener('click', () => confirmStep());
  const item = h(
    'li',
    { class: 'card', dataset: { id: cs.id } },
    h(
      'article',
      { 'aria-labelledby': titleId },
      h(
        'header',
        { class: 'card-head' },
        badge,
        h('span', { class: 'muted' }, date(cs.createdAt, true)),
      ),
      h('h2', { id: titleId }, h('code', {}, cs.id)),
      dl([
        [t('changesets.source'), cs.source],
        [t('changesets.run'), h('code', {}, cs.run)],
        ...cs.summary.map(
          (s) => /** @type {[string, string]} */ ([summaryLabel(s.reason), String(s.count)]),
        ),
      ]),
      h(
        'details',
        {},
        h('summary', {}, t('changesets.created', { n: cs.created.length })),
        h('ul', { class: 'plain refs' }, ...cs.created.map(ref)),
      ),
      h(
        'details',
        {},
        h('summary', {}, t('changesets.changed', { n: cs.changedCount })),
        h('ul', { class: 'plain refs' }, ...cs.changed.map(ref)),
      ),
      actions,
      message,
    ),
  );
  const showRevert = () => actions.replaceChildren(...(cs.state === 'applied' ? [revert] : []));

  function confirmStep() {
    const yes = h(
      'button',
      { type: 'button', class: 'danger', dataset: { action: 'confirm' } },
      t('changesets.confirm'),
    );
    const no = h('button', { type: 'button', class: 'secondary' }, t('changesets.cancel'));
    no.addEventListener('click', () => {
      showRevert();
      revert.focus();
    });
    yes.addEventListener('click', () => void doRevert(yes, no));
    actions.replaceChildren(
      h(
        'p',
        { class: 'confirm' },
        t('changesets.confirmText', {
          id: cs.id,
          created: cs.created.length,
          changed: cs.changedCount,
        }),
      ),
      h('div', { class: 'row' }, yes, no),
    );
    yes.focus();
  }

  /** @param {HTMLElement} yes @param {HTMLElement} no */
  async function doRevert(yes, no) {
    yes.setAttribute('disabled', '');
    no.setAttribute('disabled', '');
    showMessage(message, null);
    try {
      const { revertChangeset } = await gql(REVERT, { id: cs.id });
      cs.state = revertChangeset.state;
      const next = stateBadge(cs.state);
      badge.replaceWith(next);
      badge = next;
      const done = h(
        'p',
        { class: 'done', tabindex: '-1' },
        `✓ ${t('changesets.reverted', { id: cs.id })}`,
      );
      actions.replaceChildren(done);
      done.focus();
      announce(t('changesets.reverted', { id: cs.id }));
    } catch (e) {
      showRevert();
      showMessage(message, describeError(e));
      revert.focus();
    }
  }

  showRevert();
  return item;
}
