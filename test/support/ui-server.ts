import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { openApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServer, type Server } from '../../src/server.js';
import type { IngestResult } from '../../src/services.js';
import { ROOT_DIR } from './seeded.js';

/** The curator key the UI server accepts (KG_AUTH=on). */
export const CURATOR_KEY = 'ui-curator-key-0123456789abcdef';

export interface UiServer {
  app: App;
  server: Server;
  url: string;
  /** The import of test/fixtures/ui/tickets.jsonl (facts for the review queue). */
  first: IngestResult;
  /** The import of test/fixtures/ui/more-tickets.jsonl (a later changeset to revert). */
  second: IngestResult;
  close(): Promise<void>;
}

/**
 * A real server on a free loopback port: the shipped ontology and seed in an in-memory embedded
 * store, the UI fixture tickets imported through the extraction job in two runs (two changesets),
 * authentication on with one curator key.
 */
export async function startUiServer(): Promise<UiServer> {
  const config = loadConfig({
    KG_AUTH: 'on',
    KG_API_KEYS: `curator:curator:${CURATOR_KEY}`,
    KG_ONTOLOGY_DIR: path.join(ROOT_DIR, 'ontology'),
    KG_SEED_DIR: path.join(ROOT_DIR, 'seed'),
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const log = pino({ level: 'silent' });
  const app = await openApp(config, log, { inMemory: true });
  try {
    const read = (name: string) =>
      fs.readFileSync(path.join(ROOT_DIR, 'test', 'fixtures', 'ui', name), 'utf8');
    const first = await app.services.ingest(read('tickets.jsonl'), 'jsonl', null);
    const second = await app.services.ingest(read('more-tickets.jsonl'), 'jsonl', null);
    const server = createServer({ config, services: app.services, log });
    const port = await server.listen();
    return {
      app,
      server,
      url: `http://127.0.0.1:${port}`,
      first,
      second,
      async close() {
        await server.close();
        await app.close();
      },
    };
  } catch (e) {
    await app.close();
    throw e;
  }
}
