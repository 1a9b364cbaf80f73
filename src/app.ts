import type { Logger } from 'pino';
import type { Config } from './config.js';
import { bootstrap, loadValidOntology } from './graph/bootstrap.js';
import { openStore } from './graph/open-store.js';
import type { Ontology } from './graph/ontology/model.js';
import { schemaFromOntology, type GraphSchema } from './graph/schema.js';
import type { GraphStore } from './graph/store.js';
import { openKnowledge, type Knowledge } from './knowledge.js';
import { UsageRecorder } from './metrics/usage.js';
import { createServices, type Services } from './services.js';

export interface App {
  config: Config;
  ontology: Ontology;
  schema: GraphSchema;
  store: GraphStore;
  services: Services;
  close(): Promise<void>;
}

/**
 * Wires the service: ontology files → allow-list → store (migrated) → first-start bootstrap →
 * services. `bootstrapGraph: false` opens the store without applying or seeding (CLI commands that
 * manage the ontology themselves).
 */
export async function openApp(
  config: Config,
  log: Logger,
  options: { bootstrapGraph?: boolean; inMemory?: boolean } = {},
): Promise<App> {
  const ontology = await loadValidOntology(config.ontologyDir);
  const schema = schemaFromOntology(ontology);
  const store = await openStore(config, schema, { inMemory: options.inMemory ?? false });
  try {
    if (options.bootstrapGraph ?? true) {
      await bootstrap(store, ontology, {
        seedDir: config.seedDir,
        seed: config.seedOnFirstStart,
        log,
      });
    }
  } catch (e) {
    await store.close();
    throw e;
  }
  let knowledge: Knowledge;
  try {
    knowledge = await openKnowledge({
      store,
      ontology,
      ontologyDir: config.ontologyDir,
      log,
      answer: {
        cache: { max: config.answer.cacheMax, ttlMs: config.answer.cacheTtlMs },
        repeatWindowDays: config.answer.repeatWindowDays,
        lowConfidence: config.answer.lowConfidence,
      },
      resolve: { faultThreshold: config.import.mergeThreshold },
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const usage = new UsageRecorder(store, { flushMs: config.metrics.usageFlushMs, log });
  return {
    config,
    ontology,
    schema,
    store,
    services: createServices({
      store,
      schema,
      ontology,
      answers: knowledge.answers,
      job: knowledge.job,
      tokenizer: knowledge.tokenizer,
      usage,
      metrics: {
        windowDays: config.answer.repeatWindowDays,
        threshold: config.metrics.repeatThreshold,
      },
      importMaxBadShare: config.import.maxBadShare,
    }),
    // Unwritten usage counts go to the graph before the store closes.
    close: async () => {
      await usage.close();
      await store.close();
    },
  };
}
