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
  typeBadge,
} from '../dom.js';
import { lang, percent, t } from '../i18n.js';

/**
 * The review queue: extracted facts not yet reviewed, most demanded first, each with confidence,
 * KCS state and the ticket sentences it came from; approve, reject or merge into another fact.
 */

const PAGE = 20;

const QUEUE = `query Queue($first: Int!, $offset: Int!, $lang: Lang!) {
  reviewQueue(first: $first, offset: $offset) {
    total
    items { type id state confidence demand text(lang: $lang) provenance { caseId sentence run } }
  }
}`;

const REVIEW = `mutation Review($id: ID!, $decision: ReviewDecision!, $mergeInto: ID) {
  reviewFact(id: $id, decision: $decision, mergeInto: $mergeInto) { type id state }
}`;

/**
 * @typedef {{ type: string, id: string, state: string, confidence: number | null, demand: number,
 *   text: string, provenance: { caseId: string, sentence: string | null, run: string | null }[] }} Item
 */

/** @param {HTMLElement} view @param {import('../app.js').Route} route */
export async function render(view, route) {
  const offset = Math.max(0, Number.parseInt(route.params.get('offset') ?? '0', 10) || 0);
  const body = h('div');
  view.append(heading('queue.title'), h('p', { class: 'intro' }, t('queue.intro')), body);
  await loadInto(body, async () => {
    const data = await gql(QUEUE, { first: PAGE, offset, lang: lang() });
    /** @type {{ total: number, items: Item[] }} */
    const page = data.reviewQueue;
    if (page.total === 0) return h('p', {}, t('queue.empty'));
    return [
      h('p', { class: 'count' }, t('queue.total', { n: page.total })),
      h('ol', { class: 'cards queue', start: String(offset + 1) }, ...page.items.map(card)),
      pager(offset, page.total),
    ];
  });
}

/** @param {number} offset @param {number} total */
function pager(offset, total) {
  if (total <= PAGE) return null;
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('common.page') },
    offset > 0 ? link(`queue?offset=${Math.max(0, offset - PAGE)}`, t('common.previous')) : null,
    h('span', {}, `${offset + 1}–${Math.min(total, offset + PAGE)} / ${total}`),
    offset + PAGE < total ? link(`queue?offset=${offset + PAGE}`, t('common.next')) : null,
  );
}

/** @param {Item} item */
function card(item) {
  const titleId = `q-${item.type}-${item.id}`;
  const badge = stateBadge(item.state);
  const message = messageBox();
  const title = h(
    'h2',
    { id: titleId },
    item.type === 'Fault'
      ? link(faultRoute(item.id), item.text, { title: t('queue.openFault') })
      : item.text,
  );
  const mergeInput = h('input', {
    type: 'text',
    id: `merge-${item.id}`,
    name: 'mergeInto',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const buttons = {
    approve: h(
      'button',
      { type: 'button', class: 'approve', dataset: { action: 'approve' } },
      t('queue.approve'),
    ),
    reject: h(
      'button',
      { type: 'button', class: 'danger', dataset: { action: 'reject' } },
      t('queue.reject'),
    ),
    merge: h(
      'button',
      { type: 'button', class: 'secondary', dataset: { action: 'merge' } },
      t('queue.merge'),
    ),
  };
  const article = h(
    'li',
    { class: 'card', dataset: { id: item.id, type: item.type } },
    h(
      'article',
      { 'aria-labelledby': titleId },
      h('header', { class: 'card-head' }, typeBadge(item.type), badge),
      title,
      dl([
        [t('common.id'), h('code', {}, item.id)],
        [t('common.confidence'), percent(item.confidence)],
        [t('queue.demand'), String(item.demand)],
      ]),
      h('h3', {}, t('queue.provenance')),
      h(
        'ul',
        { class: 'provenance' },
        ...item.provenance.map((p) =>
          h(
            'li',
            {},
            h('span', { class: 'case' }, p.caseId),
            p.sentence
              ? h('blockquote', {}, p.sentence)
              : h('p', { class: 'muted' }, t('queue.noSentence')),
            p.run ? h('span', { class: 'muted small' }, t('queue.run', { run: p.run })) : null,
          ),
        ),
      ),
      h(
        'div',
        { class: 'actions', role: 'group', 'aria-label': t('queue.actions', { id: item.id }) },
        buttons.approve,
        buttons.reject,
        h(
          'div',
          { class: 'merge' },
          h(
            'label',
            { for: `merge-${item.id}` },
            t('queue.mergeInto', { type: t(`type.${item.type}`) }),
          ),
          h('div', { class: 'row' }, mergeInput, buttons.merge),
        ),
      ),
      message,
    ),
  );

  /** @param {'APPROVE' | 'REJECT' | 'MERGE'} decision */
  async function decide(decision) {
    const mergeInto =
      decision === 'MERGE' ? /** @type {HTMLInputElement} */ (mergeInput).value.trim() : null;
    if (decision === 'MERGE' && !mergeInto) {
      showMessage(message, t('queue.mergeNeedsId'));
      mergeInput.focus();
      return;
    }
    const all = [...Object.values(buttons), mergeInput];
    for (const b of all) b.setAttribute('disabled', '');
    showMessage(message, null);
    try {
      const { reviewFact } = await gql(REVIEW, { id: item.id, decision, mergeInto });
      const state = decision === 'MERGE' ? 'ARCHIVED' : reviewFact.state;
      badge.replaceWith(stateBadge(state));
      article.classList.add('reviewed');
      const text =
        decision === 'APPROVE'
          ? t('queue.approved', { id: item.id, state: t(`state.${state}`) })
          : decision === 'REJECT'
            ? t('queue.rejected', { id: item.id, state: t(`state.${state}`) })
            : t('queue.merged', { id: item.id, into: reviewFact.id });
      const done = h('p', { class: 'done', tabindex: '-1' }, `✓ ${t('queue.reviewed')}: ${text}`);
      article.querySelector('.actions')?.replaceWith(done);
      // The buttons are gone: keep the keyboard where it was.
      done.focus();
      announce(text);
    } catch (e) {
      for (const b of all) b.removeAttribute('disabled');
      showMessage(message, describeError(e));
    }
  }
  buttons.approve.addEventListener('click', () => void decide('APPROVE'));
  buttons.reject.addEventListener('click', () => void decide('REJECT'));
  buttons.merge.addEventListener('click', () => void decide('MERGE'));
  mergeInput.addEventListener('keydown', (e) => {
    if (/** @type {KeyboardEvent} */ (e).key === 'Enter') void decide('MERGE');
  });
  return article;
}
