import type { Services } from '../services.js';

/** What every resolver receives: the services (never the store's query language). */
export interface GraphQLContext {
  services: Services;
}
