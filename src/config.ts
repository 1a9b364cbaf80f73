import path from 'node:path';
import { z } from 'zod';
import { BadInputError } from './errors.js';

/**
 * The one typed configuration object. This module is the only reader of `process.env`; everything
 * else receives a `Config` (or the part of it it needs) as an argument.
 */
export interface Config {
  /** HTTP port of the server. @default 4000 (`PORT`) */
  port: number;
  /** Interface the server binds to. @default '0.0.0.0' (`HOST`) */
  host: string;
  /** Which store backs the graph. @default 'neo4j' when `NEO4J_URI` is set, else 'embedded' (`KG_STORE`) */
  store: 'embedded' | 'neo4j';
  /** Directory of the embedded store. @default './data' (`KG_DATA_DIR`) */
  dataDir: string;
  neo4j: {
    /** e.g. `neo4j://localhost:7687` (`NEO4J_URI`) */
    uri: string | null;
    /** @default 'neo4j' (`NEO4J_USER`) */
    user: string;
    /** (`NEO4J_PASSWORD`) */
    password: string;
    /** @default 'neo4j' (`NEO4J_DATABASE`) */
    database: string;
  };
  /** Ontology directory (types.yaml + concepts/). @default './ontology' (`KG_ONTOLOGY_DIR`) */
  ontologyDir: string;
  /** Seed directory loaded into an empty graph on first start. @default './seed' (`KG_SEED_DIR`) */
  seedDir: string;
  /** Load the ontology and seed when the store is empty at start. @default true (`KG_SEED`=off disables) */
  seedOnFirstStart: boolean;
  /** pino log level. @default 'info' (`LOG_LEVEL`) */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  KG_STORE: z.enum(['embedded', 'neo4j']).optional(),
  KG_DATA_DIR: z.string().min(1).default('./data'),
  NEO4J_URI: z.string().min(1).optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  KG_ONTOLOGY_DIR: z.string().min(1).default('./ontology'),
  KG_SEED_DIR: z.string().min(1).default('./seed'),
  KG_SEED: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/**
 * Builds the config from an environment (default: `process.env`) and optional overrides.
 * Throws `BadInputError` naming every bad variable.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  // Empty strings mean "unset" (as `FOO= cmd` in a shell does).
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new BadInputError(`invalid configuration: ${problems.join('; ')}`, { problems });
  }
  const e = parsed.data;
  const store = e.KG_STORE ?? (e.NEO4J_URI ? 'neo4j' : 'embedded');
  if (store === 'neo4j' && !e.NEO4J_URI) {
    throw new BadInputError('invalid configuration: KG_STORE=neo4j needs NEO4J_URI');
  }
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    store,
    dataDir: path.resolve(e.KG_DATA_DIR),
    neo4j: {
      uri: e.NEO4J_URI ?? null,
      user: e.NEO4J_USER,
      password: e.NEO4J_PASSWORD,
      database: e.NEO4J_DATABASE,
    },
    ontologyDir: path.resolve(e.KG_ONTOLOGY_DIR),
    seedDir: path.resolve(e.KG_SEED_DIR),
    seedOnFirstStart: e.KG_SEED,
    logLevel: e.LOG_LEVEL,
  };
  return { ...config, ...overrides };
}
