import { label, systemLabel, SYSTEM_LABELS, type GraphSchema } from '../schema.js';
import type { Dialect } from './runner.js';

/**
 * Versioned schema migrations. Each has a stable id; the ids that ran are recorded as
 * `(:SchemaMigration {id, appliedAt})` nodes so a migration runs once per database.
 *
 * Entity labels come from the ontology, so a label added to `types.yaml` later gets its own
 * migration (`002-unique-id:<Label>`) the next time the store starts.
 */
export interface Migration {
  id: string;
  description: string;
  statements: string[];
}

/**
 * DIALECT DIFFERENCE: in Neo4j 5 a uniqueness constraint is backed by a range index, and creating a
 * second index on the same label/property is an error. Grafeo enforces the constraint but builds
 * no index for it (without one, 6,000 MERGEs took 24 s in a probe; with one 0.2 s), so on Grafeo
 * each constraint is followed by an explicit index.
 */
function uniqueId(dialect: Dialect, label: string, prop = 'id'): string[] {
  const bare = label.replace(/`/g, '');
  const name = `${bare.toLowerCase()}_${prop}`;
  const constraint = `CREATE CONSTRAINT ${name}_unique IF NOT EXISTS FOR (n:${label}) REQUIRE n.${prop} IS UNIQUE`;
  if (dialect === 'neo4j') return [constraint];
  return [constraint, `CREATE INDEX ${name}_index IF NOT EXISTS FOR (n:${label}) ON (n.${prop})`];
}

/** The migrations for a schema, in the order they must run. */
export function migrationsFor(dialect: Dialect, schema: GraphSchema): Migration[] {
  const meta: Migration = {
    id: '001-system-constraints',
    description: 'unique keys of the ontology, concept and bookkeeping nodes',
    statements: [
      ...uniqueId(dialect, systemLabel(SYSTEM_LABELS.migration)),
      ...uniqueId(dialect, systemLabel(SYSTEM_LABELS.concept)),
      ...uniqueId(dialect, systemLabel(SYSTEM_LABELS.entityType), 'name'),
      ...uniqueId(dialect, systemLabel(SYSTEM_LABELS.relationType), 'name'),
      ...uniqueId(dialect, systemLabel(SYSTEM_LABELS.ontologyVersion)),
    ],
  };
  const jobs: Migration = {
    id: '004-extraction-bookkeeping',
    description: 'unique keys of changesets and import checkpoints',
    statements: [
      ...uniqueId(dialect, systemLabel(SYSTEM_LABELS.changeset)),
      ...uniqueId(dialect, systemLabel(SYSTEM_LABELS.checkpoint), 'source'),
    ],
  };
  const perLabel = [...schema.entityTypes].sort().map<Migration>((type) => ({
    id: `002-unique-id:${type}`,
    description: `unique id of ${type} nodes`,
    statements: uniqueId(dialect, label(schema, type)),
  }));
  /** A property index on Case, when the ontology has cases. */
  const caseIndex = (id: string, description: string, name: string, prop: string): Migration[] =>
    schema.entityTypes.includes('Case')
      ? [
          {
            id,
            description,
            statements: [
              `CREATE INDEX ${name} IF NOT EXISTS FOR (n:${label(schema, 'Case')}) ON (n.${prop})`,
            ],
          },
        ]
      : [];
  const lookups = caseIndex(
    '003-index:Case.customerId',
    "find a customer's recent cases (repeat inquiries)",
    'case_customer_index',
    'customerId',
  );
  const review: Migration[] = ['Fault', 'Cause', 'Solution']
    .filter((t) => schema.entityTypes.includes(t))
    .map((t) => ({
      id: `005-index:${t}.state`,
      description: `find ${t} nodes by KCS state (review queue)`,
      statements: [
        `CREATE INDEX ${t.toLowerCase()}_state_index IF NOT EXISTS FOR (n:${label(schema, t)}) ON (n.state)`,
      ],
    }));
  const usage: Migration = {
    id: '006-usage-days',
    description: 'unique day of the usage counters (answers served, helpful feedback)',
    statements: uniqueId(dialect, systemLabel(SYSTEM_LABELS.usageDay), 'day'),
  };
  const caseDates = caseIndex(
    '007-index:Case.createdAt',
    'cases by creation date (operational metrics over a period)',
    'case_created_index',
    'createdAt',
  );
  return [meta, ...perLabel, ...lookups, jobs, ...review, usage, ...caseDates];
}
