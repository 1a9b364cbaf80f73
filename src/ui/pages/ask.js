import { gql } from '../api.js';
import { conceptRoute, dl, faultRoute, h, heading, link, loadInto, stateBadge } from '../dom.js';
import { percent, t } from '../i18n.js';

/**
 * The ask box: a question as a customer would type it, and exactly what a bot gets back from
 * `answer`: ranked candidates (with KCS state, confidence, evidence, steps), the clarifying
 * question, the repeat-inquiry signal and the handoff recommendation. The form keeps its values
 * while the tab is open, so a curator can ask again after a review.
 */

const ANSWER = `query Ask($input: AnswerInput!) {
  answer(input: $input) {
    question lang cached
    candidates {
      rank score confidence evidenceCount successRate matchedTerms provenance steps
      fault { id zh: title(lang: zh) en: title(lang: en) state }
      cause { id zh: text(lang: zh) en: text(lang: en) state }
      solution { id zh: title(lang: zh) en: title(lang: en) state }
      conceptPath { id label }
    }
    clarifyingQuestion { text attribute options { label conceptId faultIds } }
    repeatInquiry { isRepeat count previousCaseIds windowDays }
    handoff { recommended reasons matchedTerms }
  }
}`;

/** The form's values for this tab. */
const state = { question: '', product: '', customerId: '', lang: '', first: '3' };

/** @param {HTMLElement} view */
export async function render(view) {
  const result = h('section', {
    class: 'answer',
    'aria-live': 'polite',
    'aria-labelledby': 'answer-h',
  });
  /** @param {string} id @param {string} key @param {HTMLElement} control */
  const field = (id, key, control) =>
    h('div', { class: 'field' }, h('label', { for: id }, t(key)), control);
  const question = /** @type {HTMLTextAreaElement} */ (
    h('textarea', {
      id: 'ask-question',
      name: 'question',
      rows: '3',
      maxlength: '4000',
      required: true,
    })
  );
  question.value = state.question;
  const product = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'ask-product',
      name: 'product',
      type: 'text',
      value: state.product,
      autocomplete: 'off',
    })
  );
  const customer = /** @type {HTMLInputElement} */ (
    h('input', {
      id: 'ask-customer',
      name: 'customer',
      type: 'text',
      value: state.customerId,
      autocomplete: 'off',
    })
  );
  const answerLang = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'ask-lang', name: 'lang' },
      h('option', { value: '' }, t('ask.langAuto')),
      h('option', { value: 'zh', lang: 'zh-CN' }, '中文'),
      h('option', { value: 'en', lang: 'en' }, 'English'),
    )
  );
  answerLang.value = state.lang;
  const first = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id: 'ask-first', name: 'first' },
      ...['1', '3', '5', '10'].map((n) => h('option', { value: n }, n)),
    )
  );
  first.value = state.first;
  const form = h(
    'form',
    { class: 'ask-form' },
    field('ask-question', 'ask.question', question),
    h(
      'div',
      { class: 'grid' },
      field('ask-product', 'ask.product', product),
      field('ask-customer', 'ask.customer', customer),
      field('ask-lang', 'ask.lang', answerLang),
      field('ask-first', 'ask.first', first),
    ),
    h('button', { type: 'submit' }, t('ask.submit')),
  );
  const submit = () => {
    Object.assign(state, {
      question: question.value,
      product: product.value,
      customerId: customer.value,
      lang: answerLang.value,
      first: first.value,
    });
    if (!state.question.trim()) return;
    void loadInto(result, () => answer());
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  // Ctrl+Enter in the question asks, as in chat tools.
  question.addEventListener('keydown', (e) => {
    const k = /** @type {KeyboardEvent} */ (e);
    if (k.key === 'Enter' && (k.ctrlKey || k.metaKey)) submit();
  });
  view.append(
    heading('ask.title'),
    h('p', { class: 'intro' }, t('ask.intro')),
    h('div', { class: 'ask-layout' }, form, result),
  );
}

async function answer() {
  const input = {
    question: state.question,
    product: state.product.trim() || null,
    customerId: state.customerId.trim() || null,
    lang: state.lang || null,
    first: Number(state.first),
  };
  const { answer: a } = await gql(ANSWER, { input });
  /** @type {'zh' | 'en'} */
  const al = a.lang;
  /** @param {{ zh: string, en: string } | null} x */
  const text = (x) => (x ? x[al] : '');
  const handoff = a.handoff;
  return [
    h('h2', { id: 'answer-h' }, t('ask.result')),
    h(
      'p',
      { class: 'meta' },
      t('ask.meta', {
        lang: al === 'zh' ? '中文' : 'English',
        cached: t(a.cached ? 'ask.yes' : 'ask.no'),
      }),
    ),
    h(
      'div',
      {
        class: `handoff ${handoff.recommended ? 'warn' : 'ok'}`,
        dataset: { recommended: String(handoff.recommended) },
      },
      h('h3', {}, t('ask.handoff')),
      h('p', {}, t(handoff.recommended ? 'ask.handoffYes' : 'ask.handoffNo')),
      handoff.reasons.length > 0
        ? h(
            'p',
            {},
            `${t('ask.reasons')}: `,
            handoff.reasons.map((/** @type {string} */ r) => t(`reason.${r}`)).join(' · '),
          )
        : null,
      handoff.matchedTerms.length > 0
        ? h('p', { class: 'muted' }, handoff.matchedTerms.join(' · '))
        : null,
    ),
    a.repeatInquiry
      ? h(
          'div',
          { class: `repeat ${a.repeatInquiry.isRepeat ? 'warn' : 'ok'}` },
          h('h3', {}, t('ask.repeat')),
          h(
            'p',
            {},
            t('ask.repeatText', { count: a.repeatInquiry.count, days: a.repeatInquiry.windowDays }),
          ),
          a.repeatInquiry.previousCaseIds.length > 0
            ? h('p', { class: 'muted' }, a.repeatInquiry.previousCaseIds.join(' · '))
            : null,
        )
      : null,
    a.clarifyingQuestion
      ? h(
          'div',
          { class: 'clarify' },
          h('h3', {}, t('ask.clarify')),
          h('p', {}, a.clarifyingQuestion.text),
          h(
            'ul',
            { class: 'plain' },
            ...a.clarifyingQuestion.options.map(
              (/** @type {{ label: string, conceptId: string | null, faultIds: string[] }} */ o) =>
                h(
                  'li',
                  {},
                  o.conceptId ? link(conceptRoute(o.conceptId), o.label) : o.label,
                  ` → `,
                  ...o.faultIds.flatMap((id, i) => [i > 0 ? ', ' : '', link(faultRoute(id), id)]),
                ),
            ),
          ),
        )
      : null,
    h('h3', {}, t('ask.candidates')),
    a.candidates.length === 0
      ? h('p', {}, t('ask.noCandidates'))
      : h(
          'ol',
          { class: 'cards candidates' },
          ...a.candidates.map((/** @type {any} */ c) =>
            h(
              'li',
              {
                class: 'card candidate',
                dataset: {
                  fault: c.fault.id,
                  rank: String(c.rank),
                  confidence: String(c.confidence),
                },
              },
              h(
                'header',
                { class: 'card-head' },
                h('span', { class: 'rank' }, t('ask.rank', { rank: c.rank })),
                stateBadge(c.fault.state),
                h(
                  'span',
                  { class: 'confidence' },
                  `${t('common.confidence')} `,
                  h('strong', {}, percent(c.confidence, 1)),
                  h('meter', {
                    min: '0',
                    max: '1',
                    value: String(c.confidence),
                    'aria-hidden': 'true',
                  }),
                ),
              ),
              h('h4', {}, link(faultRoute(c.fault.id), text(c.fault))),
              c.conceptPath.length > 0
                ? h(
                    'p',
                    { class: 'path muted' },
                    [...c.conceptPath]
                      .reverse()
                      .map((/** @type {{ label: string }} */ p) => p.label)
                      .join(' › '),
                  )
                : null,
              dl([
                [t('ask.score'), String(c.score)],
                [t('fault.evidence'), String(c.evidenceCount)],
                [t('fault.successRate'), percent(c.successRate)],
                [t('ask.cause'), c.cause ? text(c.cause) : t('common.none')],
                [
                  t('fault.solution'),
                  c.solution
                    ? h('span', {}, text(c.solution), ' ', stateBadge(c.solution.state))
                    : t('common.none'),
                ],
                [t('ask.matched'), c.matchedTerms.join(' · ') || t('common.none')],
                [t('ask.provenance'), c.provenance.slice(0, 8).join(' · ') || t('common.none')],
              ]),
              c.steps.length > 0
                ? h(
                    'ol',
                    { class: 'steps', lang: al === 'zh' ? 'zh-CN' : 'en' },
                    ...c.steps.map((/** @type {string} */ s) => h('li', {}, s)),
                  )
                : null,
            ),
          ),
        ),
  ];
}
