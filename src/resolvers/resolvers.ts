import type { PropertyDef, Resolvers } from './generated/types.js';

/** Thin resolvers: check arguments, call a service, shape the result. */
export const resolvers: Resolvers = {
  Query: {
    health: (_p, _a, { services }) => services.health(),
    stats: (_p, _a, { services }) => services.stats(),
    ontology: (_p, _a, { services }) => services.ontologyState(),
  },
  GraphStats: {
    tiers: (s) =>
      Object.entries(s.tiers)
        .filter(([tier]) => tier !== 'system')
        .map(([tier, types]) => ({
          tier,
          total: Object.values(types).reduce((a, b) => a + b, 0),
          types: Object.entries(types).map(([name, count]) => ({ name, count })),
        })),
    edges: (s) => Object.entries(s.edges).map(([name, count]) => ({ name, count })),
  },
  Ontology: {
    types: (o) => o.entities,
  },
  EntityType: {
    properties: (e) => JSON.parse(e.properties) as PropertyDef[],
  },
};
