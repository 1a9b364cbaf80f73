import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ROOT_DIR } from './support/seeded.js';
import { CURATOR_KEY, startUiServer, type UiServer } from './support/ui-server.js';

/**
 * The curation page in a real browser: headless Chromium (Debian's `chromium`, driven by
 * playwright-core; KG_CHROMIUM_PATH, no browser download) against a real server on a loopback
 * port with the seed and the UI fixture tickets. A curator reviews, asks, reverts and switches
 * language as a person would (keyboard included); each page is saved as a screenshot under
 * test/artifacts/.
 */

const { chromiumPath } = loadConfig();
const haveBrowser = fs.existsSync(chromiumPath);
if (!haveBrowser) {
  console.warn(
    `ui.e2e: SKIPPED — no browser at ${chromiumPath}. Install Debian's chromium ` +
      '(apt-get install chromium; .ci/run does) or set KG_CHROMIUM_PATH.',
  );
}

const ARTIFACTS = path.join(ROOT_DIR, 'test', 'artifacts');
const QUESTION = 'NFC payment does not work at the metro gate';

let ui: UiServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The fault the English fixture ticket created (NOT_VALIDATED until approved). */
let faultId: string;
/** Confidence of that fault as the answer's top candidate before approval. */
let before: number;
/** Problems the page reported: CSP violations, uncaught errors, dialogs. */
const problems: string[] = [];

async function shot(name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

async function go(route: string): Promise<void> {
  await page.goto(`${ui.url}/ui/#/${route}`);
}

describe.skipIf(!haveBrowser)(
  `the curation page in headless Chromium (${chromiumPath})`,
  () => {
    beforeAll(async () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      ui = await startUiServer();
      const [report] = await ui.app.store.neighbours('Case', ['UI-0001'], 'REPORTS', 'out');
      faultId = report!.other.id;
      browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
      context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'en-GB',
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
        );
      });
      page = await context.newPage();
      page.on('console', (m) => {
        if (m.text().startsWith('CSP violation')) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await ui?.close();
    });

    it('is served with a strict CSP and asks for the curator key before showing the queue', async () => {
      const res = await fetch(`${ui.url}/ui/`);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      await go('queue');
      await expect
        .poll(() => page.locator('[role=alert]').first().textContent())
        .toMatch(/API key/);
      await page.locator('#key-panel summary').click();
      await page.locator('#key-input').fill(CURATOR_KEY);
      await page.locator('#key-input').press('Enter');
      await page.locator('.queue .card').first().waitFor();
      expect(await page.locator('#key-state').textContent()).toBe('(key set)');
      // The key lives in this tab's session storage only.
      expect(await page.evaluate(() => sessionStorage.getItem('supportgraph.apiKey'))).toBe(
        CURATOR_KEY,
      );
    });

    it('lists the facts by demand with confidence, state and the ticket sentences, as text', async () => {
      const card = page.locator(`.queue .card[data-id="${faultId}"]`);
      await card.waitFor();
      expect(await card.locator('[data-state]').first().getAttribute('data-state')).toBe(
        'NOT_VALIDATED',
      );
      await expect.poll(() => card.textContent()).toMatch(/Confidence\s*\d+%/);
      const provenance = await card.locator('.provenance').textContent();
      expect(provenance).toContain('UI-0001');
      expect(provenance).toMatch(/NFC/);
      // The hostile markup in the fixture ticket is shown as text, never parsed.
      const total = await page.locator('.count').textContent();
      expect(total).toMatch(/\d+ facts awaiting review/);
      expect(await page.locator('main img').count()).toBe(0);
      await shot('queue');
    });

    it('the Ask box shows what a bot gets: the unreviewed fault, with its confidence', async () => {
      await page.locator('.nav a[data-route=ask]').click();
      await page.locator('#ask-question').fill(QUESTION);
      await page.locator('.ask-form button[type=submit]').click();
      const top = page.locator('.candidate').first();
      await top.waitFor();
      expect(await top.getAttribute('data-fault')).toBe(faultId);
      expect(await top.locator('[data-state]').first().getAttribute('data-state')).toBe(
        'NOT_VALIDATED',
      );
      before = Number(await top.getAttribute('data-confidence'));
      expect(before).toBeGreaterThan(0);
      expect(await page.locator('.handoff').count()).toBe(1);
      await shot('ask');
    });

    it('approves the fact with the keyboard alone: Tab reaches Approve, Enter triggers it', async () => {
      await page.locator('.nav a[data-route=queue]').click();
      const card = page.locator(`.queue .card[data-id="${faultId}"]`);
      await card.waitFor();
      await card.locator('h2 a').focus();
      const onApprove = () =>
        page.evaluate(
          (id) =>
            document.activeElement ===
            document.querySelector(`.card[data-id="${id}"] button[data-action=approve]`),
          faultId,
        );
      let presses = 0;
      while (!(await onApprove()) && presses < 10) {
        await page.keyboard.press('Tab');
        presses++;
      }
      expect(await onApprove()).toBe(true);
      // The focused button is visibly marked (focus style).
      const outline = await page.evaluate(
        () => getComputedStyle(document.activeElement!).outlineStyle,
      );
      expect(outline).not.toBe('none');
      await page.keyboard.press('Enter');
      await card.locator('[data-state=VALIDATED]').waitFor();
      expect(await card.locator('.done').textContent()).toContain(`Approved ${faultId}`);
      expect(await page.locator('#status').textContent()).toContain(faultId);
      const [stored] = await ui.app.store.getNodes('Fault', [faultId]);
      expect(stored!.props.state).toBe('VALIDATED');
    });

    it('after approval the answer to the same question changes: validated, more confident', async () => {
      await page.locator('.nav a[data-route=ask]').click();
      // The form kept the question for this tab.
      expect(await page.locator('#ask-question').inputValue()).toBe(QUESTION);
      await page.locator('.ask-form button[type=submit]').click();
      const top = page.locator('.candidate').first();
      await top.locator('[data-state=VALIDATED]').first().waitFor();
      expect(await top.getAttribute('data-fault')).toBe(faultId);
      const after = Number(await top.getAttribute('data-confidence'));
      expect(after).toBeGreaterThan(before);
      expect(await page.locator('.answer .meta').textContent()).toContain('from cache: no');
    });

    it('the fault page has causes, solutions with success rates and evidence, tickets, concept path and graph', async () => {
      await page.locator(`.candidate[data-fault="${faultId}"] h4 a`).click();
      await page.locator(`.fault[data-fault="${faultId}"]`).waitFor();
      await page.locator('.graph[data-nodes]').waitFor();
      expect(Number(await page.locator('.graph').getAttribute('data-nodes'))).toBeGreaterThan(3);
      expect(await page.locator('.causes li').count()).toBeGreaterThan(0);
      const solutions = page.locator('table.solutions tbody tr');
      expect(await solutions.count()).toBeGreaterThan(0);
      expect(await solutions.first().textContent()).toMatch(/\d+%/);
      expect(await page.locator('main').textContent()).toContain('UI-0001');
      await shot('fault-fixture', true);
      // A seed fault with a deeper concept path, for the README.
      await go('fault/flt-server-down-psu');
      await page.locator('.graph[data-nodes]').waitFor();
      const crumbs = await page.locator('.breadcrumb li').allTextContents();
      expect(crumbs).toEqual(['server down', 'hardware fault', 'power module']);
      await shot('fault', true);
    });

    it('the concept tree shows instance counts and searches labels and aliases in either language', async () => {
      await go('concepts');
      await page.locator('.tree li[data-concept]').first().waitFor();
      expect(await page.locator('.tree-pane .count').first().textContent()).toMatch(/\d+ concepts/);
      await page.locator('#concept-search').fill('电源');
      await page.locator('#concept-search').press('Enter');
      const match = page.locator('.tree a.match', { hasText: 'power module' });
      await match.waitFor();
      await match.click();
      const detail = page.locator('.detail-pane article[data-concept=power-module]');
      await detail.waitFor();
      expect(await detail.textContent()).toContain('flt-server-down-psu');
      expect(await page.locator('li[data-concept=power-module] > .node .count').textContent()).toBe(
        '1',
      );
      await shot('concepts');
    });

    it('reverts a changeset after a confirmation step', async () => {
      const id = ui.second.changesets[0]!;
      await go('changesets');
      const card = page.locator(`.changesets .card[data-id="${id}"]`);
      await card.waitFor();
      expect(await card.locator('[data-state]').first().getAttribute('data-state')).toBe('applied');
      await card.locator('button[data-action=revert]').click();
      await card.locator('button[data-action=confirm]').click();
      await card.locator('[data-state=reverted]').waitFor();
      expect(await ui.app.store.getNodes('Case', ['UI-0101', 'UI-0102'])).toEqual([]);
      // The earlier changeset (the approved fault's) is untouched.
      expect(await ui.app.store.getNodes('Case', ['UI-0001'])).toHaveLength(1);
      await shot('changesets');
    });

    it('the dashboard shows the metrics query: tiles, the weekly chart and tables', async () => {
      // The page's default period: the last 12 weeks, as dates.
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const input = { since: day(Date.now() - 12 * 7 * 86_400_000), until: day(Date.now()) };
      const res = await fetch(`${ui.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${CURATOR_KEY}` },
        body: JSON.stringify({
          query: 'query ($input: MetricsInput) { metrics(input: $input) { cases } }',
          variables: { input },
        }),
      });
      const { data } = (await res.json()) as { data: { metrics: { cases: number } } };
      expect(data.metrics.cases).toBeGreaterThan(0);
      await go('dashboard');
      await page.locator('[data-tile=cases]').waitFor();
      expect(await page.locator('[data-tile=cases] .tile-value').textContent()).toBe(
        String(data.metrics.cases),
      );
      // chart.js drew into the canvas (it sizes the canvas to its box).
      await expect
        .poll(() => page.locator('.chart canvas').evaluate((c) => (c as HTMLCanvasElement).width))
        .toBeGreaterThan(0);
      expect(await page.locator('main table').count()).toBeGreaterThan(0);
      await shot('dashboard');
    });

    it('on a server without the metrics query the dashboard says so instead of failing', async () => {
      // What an older server answers (graphql-yoga's validation error for an unknown field).
      await page.route('**/graphql', async (route) => {
        if (!(route.request().postData() ?? '').includes('metrics')) return route.fallback();
        await route.fulfill({
          status: 400,
          contentType: 'application/graphql-response+json',
          body: JSON.stringify({
            errors: [
              {
                message: 'Cannot query field "metrics" on type "Query".',
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              },
            ],
          }),
        });
      });
      try {
        await go('queue');
        await go('dashboard');
        await page.locator('[data-unavailable=metrics]').waitFor();
        expect(await page.locator('main [role=alert]').count()).toBe(0);
      } finally {
        await page.unroute('**/graphql');
      }
    });

    it('switches the UI between English and Chinese', async () => {
      await go('queue');
      await page.locator('.queue .card').first().waitFor();
      await page.locator('#lang-switch').click();
      await expect.poll(() => page.locator('main h1').textContent()).toBe('审核队列');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.locator('.nav a[data-route=concepts]').textContent()).toBe('概念树');
      expect(await page.locator('.queue .card').first().textContent()).toMatch(/置信度/);
      await shot('queue-zh');
      await page.locator('#lang-switch').click();
      await expect.poll(() => page.locator('main h1').textContent()).toBe('Review queue');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    });

    it('is readable at phone width: no sideways scrolling, actions still reachable', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await go('queue');
      await page.locator('.queue .card').first().waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(
        await page.locator('.queue .card button[data-action=approve]').first().isVisible(),
      ).toBe(true);
      await shot('queue-phone');
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    it('the page reported no CSP violation, script error or dialog along the way', () => {
      expect(problems).toEqual([]);
    });
  },
  120_000,
);
