import path from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from './auth.js';
import { BadInputError } from './errors.js';
import { DEFAULT_RESOLVE_OPTIONS } from './extract/resolve.js';

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
  /**
   * Whether LOG_LEVEL was set. When not, `kg` commands other than `serve` log at 'warn' so their
   * output stays readable (the server logs at 'info').
   */
  logLevelSet: boolean;
  /**
   * Censor ticket text (question, subject, description, resolution, request bodies, GraphQL
   * variables) in log lines. @default true (`KG_LOG_REDACT`=off disables)
   */
  logRedact: boolean;
  /**
   * Whether GraphQL requests must carry an API key. 'off' gives every request full rights (a
   * warning is logged at start). @default 'off' unless `NODE_ENV=production`, then 'on' (`KG_AUTH`)
   */
  auth: 'on' | 'off';
  /**
   * API keys, from `KG_API_KEYS`: comma-separated `name:role:key` triples, e.g.
   * `ops-bot:bot:<key>,alice:curator:<key>`. Role is bot, curator or importer; keys are at least 16
   * characters; names and keys are unique. The server refuses to start with `KG_AUTH=on` and no
   * keys. @default [] (`KG_API_KEYS`)
   */
  apiKeys: readonly ApiKey[];
  /** The answer service. */
  answer: {
    /** Most answers kept in the answer cache. @default 5000 (`KG_ANSWER_CACHE_MAX`) */
    cacheMax: number;
    /** How long a cached answer stays fresh, in ms (0: until a write evicts it). @default 300000 (`KG_ANSWER_CACHE_TTL_MS`) */
    cacheTtlMs: number;
    /**
     * Most responses kept by the HTTP response cache in front of the answer cache (a repeated
     * `answer` request skips parsing and execution while its answers are live in the answer
     * cache); 0 turns it off. @default 5000 (`KG_RESPONSE_CACHE_MAX`)
     */
    responseCacheMax: number;
    /** Repeat-inquiry window in days. @default 7 (`KG_REPEAT_WINDOW_DAYS`) */
    repeatWindowDays: number;
    /** Below this top-1 confidence a handoff is recommended. @default 0.35 (`KG_LOW_CONFIDENCE`) */
    lowConfidence: number;
  };
  /** Operational metrics (the `metrics` query and `kg report`). */
  metrics: {
    /**
     * Products and faults whose repeat-inquiry rate is above this share are flagged.
     * @default 0.25 (`KG_REPEAT_THRESHOLD`)
     */
    repeatThreshold: number;
    /**
     * Answers served are counted in memory and written to the graph at most this often (ms), and
     * at shutdown. @default 10000 (`KG_USAGE_FLUSH_MS`)
     */
    usageFlushMs: number;
  };
  /** Ticket imports (`kg import`, `kg extract --watch`, `ingestTickets`). */
  import: {
    /**
     * Share of unreadable records (0-1) above which an import fails: `kg import` exits 1 and
     * `ingestTickets` answers BAD_USER_INPUT; the readable records are imported all the same.
     * @default 0.01 (`KG_IMPORT_MAX_BAD_SHARE`)
     */
    maxBadShare: number;
    /**
     * Similarity (0-1) at which a ticket's fault merges into an existing fault of the same scope
     * instead of becoming a new one: half text (IDF-weighted cosine), half concepts, plus up to
     * 0.2 for agreeing cause or solution concepts. `npm run bench:merge` measures merge precision
     * and recall on labelled pairs at several thresholds. @default 0.4 (`KG_MERGE_THRESHOLD`)
     */
    mergeThreshold: number;
  };
  /** Limits on every GraphQL request (each violation answers BAD_USER_INPUT). */
  limits: {
    /** Deepest field nesting of an operation. @default 10 (`KG_MAX_DEPTH`) */
    depth: number;
    /** graphql-armor cost (objects 2, scalars 1, ×1.5 per level). @default 5000 (`KG_MAX_COST`) */
    cost: number;
    /** Aliases per operation. @default 15 (`KG_MAX_ALIASES`) */
    aliases: number;
    /** Lexical tokens per document. @default 2000 (`KG_MAX_TOKENS`) */
    tokens: number;
    /** Directives per operation. @default 20 (`KG_MAX_DIRECTIVES`) */
    directives: number;
    /**
     * Request body size in bytes, counted while the body streams in (a larger body gets 413).
     * @default 1048576 (`KG_MAX_BODY_BYTES`)
     */
    bodyBytes: number;
    /**
     * Operations in one batched request (a JSON array body); 0 turns batching off.
     * @default 10 (`KG_MAX_BATCH`)
     */
    batch: number;
  };
  /**
   * Serve GraphiQL at `GET /graphql` (browsers), with all its assets inlined: no CDN.
   * @default true unless `NODE_ENV=production` (`KG_GRAPHIQL`)
   */
  graphiql: boolean;
  /**
   * Allow schema introspection (`__schema`, `__type`). When off, "did you mean" field suggestions
   * are removed from error messages too.
   * @default true unless `NODE_ENV=production` (`KG_INTROSPECTION`)
   */
  introspection: boolean;
  /**
   * `/metrics` answers without an API key (scrapers on the same network). When false it needs a
   * valid key of any role, unless `KG_AUTH=off`. @default true (`KG_METRICS_PUBLIC`)
   */
  metricsPublic: boolean;
  /**
   * The Chromium executable the browser tests and `npm run screenshots` drive (headless, through
   * playwright-core; no browser is downloaded). @default '/usr/bin/chromium' (`KG_CHROMIUM_PATH`)
   */
  chromiumPath: string;
}

/** One API key from `KG_API_KEYS`. `name` is not secret and appears in logs; `key` is. */
export interface ApiKey {
  name: string;
  role: Role;
  key: string;
}

/** Minimum length of an API key. */
export const MIN_API_KEY_LENGTH = 16;
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Parses `KG_API_KEYS` (`name:role:key,...`; a key may itself contain ':'). Returns the keys and a
 * list of problems. A problem names the entry by position and (when it is a well-formed name) by
 * name, and never contains a key.
 */
export function parseApiKeys(raw: string): { keys: ApiKey[]; problems: string[] } {
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  const byName = new Map<string, number>();
  const byKey = new Map<string, string>();
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  entries.forEach((entry, i) => {
    const first = entry.indexOf(':');
    const second = first < 0 ? -1 : entry.indexOf(':', first + 1);
    if (second < 0) {
      problems.push(`entry ${i + 1}: expected name:role:key`);
      return;
    }
    const name = entry.slice(0, first).trim();
    const role = entry.slice(first + 1, second).trim();
    const key = entry.slice(second + 1).trim();
    // The name is printed only when the entry looks right: a short middle field (a key is long) and
    // not a long first field next to a short last one (a key and a name swapped). Roles never are.
    const named =
      KEY_NAME.test(name) &&
      role.length < MIN_API_KEY_LENGTH &&
      (name.length < MIN_API_KEY_LENGTH || key.length >= MIN_API_KEY_LENGTH);
    const label = named ? `entry ${i + 1} ('${name}')` : `entry ${i + 1}`;
    let ok = true;
    if (!KEY_NAME.test(name)) {
      problems.push(`${label}: the name must be 1-64 letters, digits, '.', '_' or '-'`);
      ok = false;
    }
    if (!(ROLES as readonly string[]).includes(role)) {
      problems.push(`${label}: the role must be one of ${ROLES.join(', ')}`);
      ok = false;
    }
    if (key.length < MIN_API_KEY_LENGTH) {
      problems.push(`${label}: the key must be at least ${MIN_API_KEY_LENGTH} characters`);
      ok = false;
    }
    const sameName = byName.get(name);
    if (ok && sameName !== undefined) {
      problems.push(`${label}: the name is already used by entry ${sameName + 1}`);
      ok = false;
    }
    const sameKey = byKey.get(key);
    if (ok && sameKey !== undefined) {
      problems.push(`${label}: the key is already used by '${sameKey}'`);
      ok = false;
    }
    if (!ok) return;
    byName.set(name, i);
    byKey.set(key, name);
    keys.push({ name, role: role as Role, key });
  });
  return { keys, problems };
}

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const EnvSchema = z.object({
  KG_ANSWER_CACHE_MAX: z.coerce.number().int().min(1).default(5000),
  KG_ANSWER_CACHE_TTL_MS: z.coerce.number().int().min(0).default(300_000),
  KG_RESPONSE_CACHE_MAX: z.coerce.number().int().min(0).default(5000),
  KG_REPEAT_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  KG_LOW_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.35),
  KG_REPEAT_THRESHOLD: z.coerce.number().min(0).max(1).default(0.25),
  KG_USAGE_FLUSH_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  KG_IMPORT_MAX_BAD_SHARE: z.coerce.number().min(0).max(1).default(0.01),
  KG_MERGE_THRESHOLD: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(DEFAULT_RESOLVE_OPTIONS.faultThreshold),
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
  KG_LOG_REDACT: bool.default(true),
  NODE_ENV: z.string().optional(),
  KG_AUTH: z.enum(['on', 'off']).optional(),
  KG_API_KEYS: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const { keys, problems } = parseApiKeys(raw);
      for (const message of problems) ctx.addIssue({ code: 'custom', message });
      return problems.length > 0 ? z.NEVER : keys;
    }),
  KG_MAX_DEPTH: z.coerce.number().int().min(1).default(10),
  KG_MAX_COST: z.coerce.number().int().min(1).default(5000),
  KG_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  KG_MAX_TOKENS: z.coerce.number().int().min(1).default(2000),
  KG_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(20),
  KG_MAX_BODY_BYTES: z.coerce.number().int().min(1).default(1_048_576),
  KG_MAX_BATCH: z.coerce.number().int().min(0).default(10),
  KG_GRAPHIQL: bool.optional(),
  KG_INTROSPECTION: bool.optional(),
  KG_METRICS_PUBLIC: bool.default(true),
  KG_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
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
  const production = e.NODE_ENV === 'production';
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
    logLevelSet: cleaned.LOG_LEVEL !== undefined,
    logRedact: e.KG_LOG_REDACT,
    auth: e.KG_AUTH ?? (production ? 'on' : 'off'),
    apiKeys: e.KG_API_KEYS,
    answer: {
      cacheMax: e.KG_ANSWER_CACHE_MAX,
      cacheTtlMs: e.KG_ANSWER_CACHE_TTL_MS,
      responseCacheMax: e.KG_RESPONSE_CACHE_MAX,
      repeatWindowDays: e.KG_REPEAT_WINDOW_DAYS,
      lowConfidence: e.KG_LOW_CONFIDENCE,
    },
    metrics: {
      repeatThreshold: e.KG_REPEAT_THRESHOLD,
      usageFlushMs: e.KG_USAGE_FLUSH_MS,
    },
    import: { maxBadShare: e.KG_IMPORT_MAX_BAD_SHARE, mergeThreshold: e.KG_MERGE_THRESHOLD },
    limits: {
      depth: e.KG_MAX_DEPTH,
      cost: e.KG_MAX_COST,
      aliases: e.KG_MAX_ALIASES,
      tokens: e.KG_MAX_TOKENS,
      directives: e.KG_MAX_DIRECTIVES,
      bodyBytes: e.KG_MAX_BODY_BYTES,
      batch: e.KG_MAX_BATCH,
    },
    graphiql: e.KG_GRAPHIQL ?? !production,
    introspection: e.KG_INTROSPECTION ?? !production,
    metricsPublic: e.KG_METRICS_PUBLIC,
    chromiumPath: e.KG_CHROMIUM_PATH,
  };
  return { ...config, ...overrides };
}
