import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * The service's schema built from its SDL (src/resolvers/schema.graphql) with this copy of
 * `graphql`, so tests can walk it with `graphql`'s type predicates (the executable schema the
 * server builds may come from another copy: vitest loads graphql's ESM and CommonJS builds).
 */
export function serviceSchema(): GraphQLSchema {
  return buildSchema(
    readFileSync(new URL('../../src/resolvers/schema.graphql', import.meta.url), 'utf8'),
  );
}
