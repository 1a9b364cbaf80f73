import { t } from './i18n.js';

/**
 * The page's only door to the service: GraphQL at /graphql, with the curator's API key (kept in
 * session storage, so it is gone when the tab closes) as a bearer token.
 */

const KEY = 'supportgraph.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

/** @param {string | null} key */
export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

/** An error the API answered with (its `extensions.code`), or a network failure (`NETWORK`). */
export class ApiError extends Error {
  /** @param {string} message @param {string} code */
  constructor(message, code) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/**
 * Runs one operation; resolves with `data`, rejects with an ApiError for the first error.
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @returns {Promise<any>}
 */
export async function gql(query, variables = {}) {
  /** @type {Record<string, string>} */
  const headers = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  const key = apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(t('error.NETWORK'), 'NETWORK');
  }
  /** @type {{ data?: any, errors?: { message: string, extensions?: { code?: string } }[] }} */
  let body;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`HTTP ${res.status}`, 'HTTP');
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'ERROR');
  return body.data;
}

/**
 * What to tell the curator about an error, in the UI language.
 * @param {unknown} e
 */
export function describeError(e) {
  if (e instanceof ApiError) {
    const known = t(`error.${e.code}`, { message: e.message });
    if (known !== `error.${e.code}`) return known;
    return t('common.error', { message: e.message });
  }
  return t('common.error', { message: e instanceof Error ? e.message : String(e) });
}
