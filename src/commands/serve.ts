import { openApp } from '../app.js';
import { answerMetrics } from '../answer/metrics.js';
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { createServer } from '../server.js';

/** `kg serve` / `npm start`: open the store (seeding an empty one) and serve until SIGINT / SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const log = createLogger(config);
  const app = await openApp(config, log);
  let server: ReturnType<typeof createServer>;
  let port: number;
  try {
    // createServer refuses a configuration it cannot serve safely (KG_AUTH=on without keys).
    server = createServer({
      config,
      services: app.services,
      log,
      metrics: answerMetrics(app.services.answers),
    });
    port = await server.listen();
  } catch (e) {
    await app.close();
    throw e;
  }
  log.info({ port, store: app.store.kind }, 'listening');
  process.stderr.write(
    `supportgraph is up (${app.store.kind} store${config.store === 'embedded' ? ` in ${config.dataDir}` : ''}):\n` +
      `  GraphQL  http://localhost:${port}/graphql\n  health   http://localhost:${port}/healthz\n` +
      `  curation http://localhost:${port}/ui/\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    void server
      .close()
      .then(() => app.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
