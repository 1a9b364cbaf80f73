/**
 * The two libraries, loaded on the pages that need them from /ui/vendor/ (served from
 * node_modules, no CDN): cytoscape (graph view) and chart.js (dashboard). Script URLs pass through
 * a Trusted Types policy that allows exactly these two (the CSP enforces Trusted Types).
 */

const SCRIPTS = {
  cytoscape: '/ui/vendor/cytoscape.min.js',
  Chart: '/ui/vendor/chart.umd.min.js',
};

const policy = window.trustedTypes?.createPolicy('vendor-scripts', {
  createScriptURL: (/** @type {string} */ url) => {
    if (Object.values(SCRIPTS).includes(url)) return url;
    throw new TypeError(`not a vendor script: ${url}`);
  },
});

/** @type {Map<string, Promise<any>>} */
const loading = new Map();

/**
 * The library's global (`cytoscape` or `Chart`), loading its script once.
 * @param {'cytoscape' | 'Chart'} name
 * @returns {Promise<any>}
 */
export function loadVendor(name) {
  const global = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (window))[name];
  if (global) return Promise.resolve(global);
  let p = loading.get(name);
  if (!p) {
    p = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      const url = SCRIPTS[name];
      // With Trusted Types enforced a plain string is refused; without them it is fine.
      script.src = /** @type {string} */ (
        /** @type {unknown} */ (policy ? policy.createScriptURL(url) : url)
      );
      script.addEventListener('load', () =>
        resolve(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (window))[name]),
      );
      script.addEventListener('error', () => {
        loading.delete(name);
        reject(new Error(`could not load ${url}`));
      });
      document.head.append(script);
    });
    loading.set(name, p);
  }
  return p;
}
