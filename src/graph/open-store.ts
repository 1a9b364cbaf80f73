import path from 'node:path';
import type { Config } from '../config.js';
import { CypherStore, type CypherStoreOptions } from './cypher/cypher-store.js';
import { GrafeoRunner } from './cypher/grafeo-runner.js';
import { Neo4jRunner, openNeo4jDriver } from './cypher/neo4j-runner.js';
import type { CypherRunner } from './cypher/runner.js';
import type { GraphSchema } from './schema.js';
import type { GraphStore } from './store.js';

export interface OpenStoreOptions extends CypherStoreOptions {
  /** Embedded only: keep the database in memory instead of `config.dataDir` (tests). */
  inMemory?: boolean;
  /** Run migrations on open. @default true */
  migrate?: boolean;
}

/** Opens the configured store (embedded Grafeo or Neo4j) and runs pending migrations. */
export async function openStore(
  config: Pick<Config, 'store' | 'dataDir' | 'neo4j'>,
  schema: GraphSchema,
  options: OpenStoreOptions = {},
): Promise<GraphStore> {
  const runner = openRunner(config, options.inMemory ?? false);
  const store = new CypherStore(runner, schema, options);
  if (options.migrate ?? true) {
    try {
      await store.migrate();
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  return store;
}

export function openRunner(
  config: Pick<Config, 'store' | 'dataDir' | 'neo4j'>,
  inMemory: boolean,
): CypherRunner {
  if (config.store === 'neo4j') {
    const { uri, user, password, database } = config.neo4j;
    if (!uri) throw new Error('NEO4J_URI is not set');
    return new Neo4jRunner(openNeo4jDriver({ uri, user, password, database }), database);
  }
  return new GrafeoRunner({ dir: inMemory ? null : path.resolve(config.dataDir) });
}
