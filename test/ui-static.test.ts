import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUiAssets, uiResponse, UI_CSP, UI_DIR } from '../src/http/ui.js';
import { routeOf } from '../src/http/metrics.js';

/**
 * The curation page's files as the server serves them (src/http/ui.ts), and the page's one
 * dictionary: every UI string in both languages.
 */
const assets = loadUiAssets();
const get = (p: string, init: RequestInit = {}) =>
  uiResponse(assets, new Request(`http://localhost${p}`, init));

describe('/ui static files', () => {
  it('serves the page, its modules and the vendor bundles with their content types', async () => {
    const index = get('/ui/')!;
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<script type="module" src="/ui/app.js">');
    for (const [p, type] of [
      ['/ui/app.js', 'text/javascript; charset=utf-8'],
      ['/ui/pages/queue.js', 'text/javascript; charset=utf-8'],
      ['/ui/styles.css', 'text/css; charset=utf-8'],
      ['/ui/icon.svg', 'image/svg+xml'],
      ['/ui/vendor/cytoscape.min.js', 'text/javascript; charset=utf-8'],
      ['/ui/vendor/chart.umd.min.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const r = get(p)!;
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type'), p).toBe(type);
      expect(Number(r.headers.get('content-length')), p).toBeGreaterThan(0);
    }
  });

  it('sends a strict Content-Security-Policy and the other security headers on every answer', () => {
    for (const p of ['/ui/', '/ui/app.js', '/ui/nope.js', '/ui']) {
      const r = get(p)!;
      expect(r.headers.get('content-security-policy'), p).toBe(UI_CSP);
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), p).toBe('DENY');
    }
    expect(UI_CSP).toContain("script-src 'self'");
    expect(UI_CSP).not.toContain('unsafe-inline');
    expect(UI_CSP).not.toContain('unsafe-eval');
    expect(UI_CSP).toContain("require-trusted-types-for 'script'");
  });

  it('caches: the page revalidates, vendor bundles for a day, both with ETags and 304s', () => {
    const app = get('/ui/app.js')!;
    expect(app.headers.get('cache-control')).toBe('no-cache');
    const etag = app.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = get('/ui/app.js', { headers: { 'if-none-match': etag } })!;
    expect(again.status).toBe(304);
    expect(get('/ui/app.js', { headers: { 'if-none-match': '"other"' } })!.status).toBe(200);
    expect(get('/ui/vendor/chart.umd.min.js')!.headers.get('cache-control')).toBe(
      'public, max-age=86400',
    );
  });

  it('redirects /ui to /ui/, refuses other methods, 404s unknown and traversing paths', async () => {
    const r = get('/ui')!;
    expect(r.status).toBe(308);
    expect(r.headers.get('location')).toBe('/ui/');
    expect(get('/ui/app.js', { method: 'POST' })!.status).toBe(405);
    expect(get('/ui/nope.js')!.status).toBe(404);
    // Only files listed at start are served: a path that climbs out is either normalised away
    // from /ui (not ours to answer) or not found.
    for (const p of ['/ui/../package.json', '/ui/%2e%2e/package.json', '/ui/..%2fpackage.json'])
      expect([null, 404], p).toContain(get(p)?.status ?? null);
    const head = get('/ui/app.js', { method: 'HEAD' })!;
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(get('/graphql')).toBeNull();
    expect(routeOf('/ui/app.js')).toBe('/ui');
  });
});

describe('the UI dictionary', () => {
  it('has every key in both languages, and every key the page uses', async () => {
    const { DICTIONARY } = (await import(path.join(UI_DIR, 'i18n.js'))) as {
      DICTIONARY: Record<'en' | 'zh', Record<string, string>>;
    };
    expect(Object.keys(DICTIONARY.zh).sort()).toEqual(Object.keys(DICTIONARY.en).sort());
    for (const lang of ['en', 'zh'] as const)
      for (const [k, v] of Object.entries(DICTIONARY[lang])) expect(v, `${lang} ${k}`).not.toBe('');
    const used = new Set<string>();
    const walk = (d: string): string[] =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const file of walk(UI_DIR).filter((f) => !f.endsWith('i18n.js'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /\b(?:t|heading|section\([^,]+,)\(?\s*'([a-z]+\.[A-Za-z_.]+)'|data-i18n(?:-label)?="([^"]+)"/g,
      ))
        used.add(m[1] ?? m[2]!);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !(k in DICTIONARY.en));
    expect(missing).toEqual([]);
  });
});
