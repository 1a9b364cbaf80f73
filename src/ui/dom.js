import { describeError } from './api.js';
import { t } from './i18n.js';

/**
 * Building the page without HTML strings: every element is created with `h` and every piece of
 * text (above all, text from tickets: hostile input) is set as a text node, never parsed as HTML.
 * The server's Content-Security-Policy enforces Trusted Types, so an `innerHTML = string` anywhere
 * would throw rather than render.
 */

/**
 * @typedef {string | number | Node | null | undefined | false | Child[]} Child
 */

/**
 * Creates an element. `attrs`: `class`, `text` (textContent), `on` (event listeners), `dataset`,
 * boolean attributes as true/false, anything else as an attribute. Event-handler attributes
 * (`onclick`…) are refused: listeners go through `on`.
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs]
 * @param {...Child} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = String(value);
    else if (name === 'text') el.textContent = String(value);
    else if (name === 'on') {
      for (const [type, fn] of Object.entries(/** @type {Record<string, EventListener>} */ (value)))
        el.addEventListener(type, fn);
    } else if (name === 'dataset') {
      for (const [k, v] of Object.entries(/** @type {Record<string, string>} */ (value)))
        el.dataset[k] = v;
    } else if (/^on/i.test(name)) throw new Error(`use attrs.on for ${name}`);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Node} el @param {Child[]} children */
export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A link inside the page (hash route). @param {string} route @param {Child} text */
export function link(route, text, attrs = {}) {
  return h('a', { href: `#/${route}`, ...attrs }, text);
}

/** Route of a fault page. @param {string} id */
export const faultRoute = (id) => `fault/${encodeURIComponent(id)}`;

/** Route of a concept in the tree. @param {string} id */
export const conceptRoute = (id) => `concepts/${encodeURIComponent(id)}`;

/** Definition list from [term, description] pairs. @param {[Child, Child][]} pairs */
export function dl(pairs, attrs = {}) {
  return h(
    'dl',
    { class: 'facts', ...attrs },
    ...pairs.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))),
  );
}

/** A table with a caption and header row. @param {Child} caption @param {Child[]} head @param {Child[][]} rows */
export function table(caption, head, rows, attrs = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      attrs,
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
    ),
  );
}

/** A region for an error or notice next to what it is about. */
export function messageBox() {
  return h('p', { class: 'message', role: 'alert', hidden: true });
}

/** @param {HTMLElement} box @param {string | null} text */
export function showMessage(box, text) {
  box.textContent = text ?? '';
  box.hidden = !text;
}

/**
 * Says something to screen readers and shows it in the status line.
 * @param {string} text
 */
export function announce(text) {
  const status = document.getElementById('status');
  if (!status) return;
  status.textContent = '';
  // A fresh node, so the same text twice is announced twice.
  status.append(document.createTextNode(text));
}

/**
 * Fills `slot` with what `build` returns, showing “Loading…” meanwhile and, on failure, the error
 * with a retry button.
 * @param {HTMLElement} slot
 * @param {() => Promise<Child>} build
 */
export async function loadInto(slot, build) {
  slot.setAttribute('aria-busy', 'true');
  slot.replaceChildren(h('p', { class: 'loading' }, t('common.loading')));
  try {
    const content = await build();
    slot.replaceChildren();
    append(slot, [content]);
  } catch (e) {
    slot.replaceChildren(
      h(
        'div',
        { class: 'error', role: 'alert' },
        h('p', {}, describeError(e)),
        h(
          'button',
          { type: 'button', on: { click: () => void loadInto(slot, build) } },
          t('common.retry'),
        ),
      ),
    );
  } finally {
    slot.removeAttribute('aria-busy');
  }
}

/** A page heading that receives focus after navigation. @param {string} key */
export function heading(key) {
  return h('h1', { tabindex: '-1' }, t(key));
}

/** KCS or changeset state, as a badge (`data-state` keeps the code). @param {string | null | undefined} state */
export function stateBadge(state) {
  const code = state ?? 'VALIDATED';
  return h('span', { class: `badge state-${code}`, dataset: { state: code } }, t(`state.${code}`));
}

/** Entity type, as a badge. @param {string} type */
export function typeBadge(type) {
  return h('span', { class: `badge type type-${type}` }, t(`type.${type}`));
}

/**
 * A list of `items` rendered by `item`, or a paragraph saying there are none.
 * @template T
 * @param {'ul' | 'ol'} tag @param {Record<string, unknown>} attrs @param {T[]} items
 * @param {(x: T) => Child} item @param {string} [emptyKey]
 */
export function listOr(tag, attrs, items, item, emptyKey = 'common.none') {
  if (items.length === 0) return h('p', {}, t(emptyKey));
  return h(tag, attrs, ...items.map((x) => h('li', {}, item(x))));
}
