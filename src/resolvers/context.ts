import type { Principal } from '../auth.js';
import type { Answer } from '../answer/answer-service.js';
import type { Services } from '../services.js';

/** What every resolver receives: the caller and the services (never the store's query language). */
export interface GraphQLContext {
  services: Services;
  principal: Principal;
  /** Answers this request computed (read by the response cache; absent outside the server). */
  answered?: Answer[];
}
