import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

/**
 * The curation page at `/ui/`: static HTML, CSS and ES modules from `src/ui/` (no build step) and
 * the browser bundles of cytoscape and chart.js from node_modules under `/ui/vendor/`. Only files
 * known at start are served (no path from the URL ever reaches the file system), with their
 * content type, an ETag, caching headers and a strict Content-Security-Policy: scripts, styles,
 * images and requests from this origin only, no inline script or style, no framing, and Trusted
 * Types enforced so no string can be assigned as HTML.
 */

/** Where the page's own files are. */
export const UI_DIR = fileURLToPath(new URL('../ui/', import.meta.url));

export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types vendor-scripts',
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': UI_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The page's own files change with the code: revalidate every time (cheap 304s). */
const APP_CACHE = 'no-cache';
/** Vendor bundles change only with package versions: a day, then revalidate. */
const VENDOR_CACHE = 'public, max-age=86400';

export interface UiAsset {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

function asset(file: string, cacheControl: string): UiAsset {
  const body = fs.readFileSync(file);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return {
    body,
    type: TYPES[path.extname(file)] ?? 'application/octet-stream',
    etag,
    cacheControl,
  };
}

/** The vendor bundles: URL name → file, next to each package's main entry. */
function vendorFiles(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const dist = (pkg: string) => path.dirname(require.resolve(pkg));
  return {
    'cytoscape.min.js': path.join(dist('cytoscape'), 'cytoscape.min.js'),
    'chart.umd.min.js': path.join(dist('chart.js'), 'chart.umd.min.js'),
  };
}

/**
 * Every servable file by URL path (`/ui/…`): the files of `dir` with a known type (recursively)
 * and the vendor bundles. `/ui/` is `index.html`.
 */
export function loadUiAssets(dir: string = UI_DIR): Map<string, UiAsset> {
  const assets = new Map<string, UiAsset>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && TYPES[path.extname(e.name)]) {
        const rel = path.relative(dir, full).split(path.sep).join('/');
        assets.set(`/ui/${rel}`, asset(full, APP_CACHE));
      }
    }
  };
  walk(dir);
  const index = assets.get('/ui/index.html');
  if (index) assets.set('/ui/', index);
  for (const [name, file] of Object.entries(vendorFiles()))
    assets.set(`/ui/vendor/${name}`, asset(file, VENDOR_CACHE));
  return assets;
}

/** The response for a request to `/ui` or below; null for other paths. */
export function uiResponse(assets: Map<string, UiAsset>, request: Request): Response | null {
  const { pathname } = new URL(request.url, 'http://localhost');
  if (pathname !== '/ui' && !pathname.startsWith('/ui/')) return null;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response(null, {
      status: 405,
      headers: { ...SECURITY_HEADERS, allow: 'GET, HEAD' },
    });
  }
  if (pathname === '/ui') {
    return new Response(null, { status: 308, headers: { ...SECURITY_HEADERS, location: '/ui/' } });
  }
  const a = assets.get(pathname);
  if (!a) {
    return new Response('not found', {
      status: 404,
      headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': a.type,
    'cache-control': a.cacheControl,
    etag: a.etag,
  };
  const tags = request.headers.get('if-none-match');
  if (tags !== null && tags.split(',').some((t) => t.trim() === a.etag || t.trim() === '*')) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(a.body), {
    status: 200,
    headers: { ...headers, 'content-length': String(a.body.length) },
  });
}

/** Serves the curation page (see the module comment). The files are read once, here. */
export function uiPlugin(assets: Map<string, UiAsset> = loadUiAssets()): Plugin {
  return {
    onRequest(payload) {
      const response = uiResponse(assets, payload.request);
      if (response) payload.endResponse(response);
    },
  };
}
