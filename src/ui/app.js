import { apiKey, setApiKey } from './api.js';
import { announce, h } from './dom.js';
import { lang, setLang, t, translateStatic } from './i18n.js';
import * as ask from './pages/ask.js';
import * as changesets from './pages/changesets.js';
import * as concepts from './pages/concepts.js';
import * as dashboard from './pages/dashboard.js';
import * as fault from './pages/fault.js';
import * as queue from './pages/queue.js';

/**
 * The shell: hash routes (`#/queue`, `#/concepts/<id>`, `#/fault/<id>`, `#/ask`, `#/changesets`,
 * `#/dashboard`), the language switch and the API-key form. Each page module exports
 * `render(view, route)`, which builds its heading synchronously and loads its data.
 */

/** @typedef {{ name: string, arg: string | null, params: URLSearchParams }} Route */

const PAGES = { queue, concepts, fault, ask, changesets, dashboard };

/** @returns {Route} */
function currentRoute() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [path = '', query = ''] = raw.split('?');
  const [name = '', ...rest] = path.split('/');
  const known = Object.hasOwn(PAGES, name);
  return {
    name: known ? name : 'queue',
    arg:
      known && rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : null,
    params: new URLSearchParams(query),
  };
}

const main = /** @type {HTMLElement} */ (document.getElementById('main'));

/** @param {{ focus: boolean }} options */
function render({ focus }) {
  const route = currentRoute();
  if (focus) announce('');
  for (const a of document.querySelectorAll('.nav a')) {
    if (a instanceof HTMLElement && a.dataset.route === route.name)
      a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const view = h('div', { class: 'view', dataset: { page: route.name } });
  main.replaceChildren(view);
  const page = PAGES[/** @type {keyof typeof PAGES} */ (route.name)];
  void page.render(view, route);
  document.title = `${t(`nav.${route.name}`)} · ${t('app.title')}`;
  if (focus) view.querySelector('h1')?.focus();
}

function showKeyState() {
  const state = document.getElementById('key-state');
  if (state) state.textContent = `(${t(apiKey() ? 'key.set' : 'key.none')})`;
}

function setupKeyForm() {
  const form = /** @type {HTMLFormElement} */ (document.getElementById('key-form'));
  const input = /** @type {HTMLInputElement} */ (document.getElementById('key-input'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = input.value.trim();
    setApiKey(key || null);
    input.value = '';
    showKeyState();
    announce(t(key ? 'key.saved' : 'key.forgotten'));
    /** @type {HTMLDetailsElement} */ (document.getElementById('key-panel')).open = false;
    render({ focus: false });
  });
  document.getElementById('key-forget')?.addEventListener('click', () => {
    setApiKey(null);
    input.value = '';
    showKeyState();
    announce(t('key.forgotten'));
    render({ focus: false });
  });
}

function setupLanguage() {
  const button = /** @type {HTMLButtonElement} */ (document.getElementById('lang-switch'));
  const label = () => {
    button.textContent = t('lang.switch');
    button.lang = lang() === 'en' ? 'zh-CN' : 'en';
    button.setAttribute('aria-label', t('lang.switchLabel'));
  };
  button.addEventListener('click', () => {
    setLang(lang() === 'en' ? 'zh' : 'en');
    translateStatic();
    label();
    showKeyState();
    render({ focus: false });
  });
  setLang(lang());
  translateStatic();
  label();
}

document.getElementById('skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => render({ focus: true }));
setupLanguage();
setupKeyForm();
showKeyState();
render({ focus: false });
