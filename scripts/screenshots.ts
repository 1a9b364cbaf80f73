import path from 'node:path';
import { chromium } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { ROOT_DIR } from '../test/support/seeded.js';
import { CURATOR_KEY, startUiServer } from '../test/support/ui-server.js';

/**
 * `npm run screenshots`: the README's pictures of the curation page (docs/img/), taken in headless
 * Chromium (KG_CHROMIUM_PATH) against the same server the browser test uses: the seed plus the UI
 * fixture tickets, at 1280×800.
 */
const OUT = path.join(ROOT_DIR, 'docs', 'img');
const { chromiumPath } = loadConfig();

const ui = await startUiServer();
// Customers' questions, so the queue shows demand (answers that used or would have used a fact).
for (const [question, times] of [
  ['NFC payment does not work at the metro gate', 3],
  ['手机NFC刷地铁没反应', 2],
  ['my smart TV keeps buffering', 1],
] as const) {
  for (let i = 0; i < times; i++) await ui.app.services.answers.answer({ question });
}
const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
  });
  await context.addInitScript((key) => {
    sessionStorage.setItem('supportgraph.apiKey', key);
    localStorage.setItem('supportgraph.lang', 'en');
  }, CURATOR_KEY);
  const page = await context.newPage();
  await page.goto(`${ui.url}/ui/#/queue`);
  await page.locator('.queue .card').first().waitFor();
  await page.screenshot({ path: path.join(OUT, 'curation-queue.png') });
  await page.goto(`${ui.url}/ui/#/fault/flt-server-down-psu`);
  await page.locator('.graph[data-nodes]').waitFor();
  await page.screenshot({ path: path.join(OUT, 'curation-fault.png'), fullPage: true });
  process.stdout.write(`wrote ${path.relative(ROOT_DIR, OUT)}/curation-{queue,fault}.png\n`);
} finally {
  await browser.close();
  await ui.close();
}
