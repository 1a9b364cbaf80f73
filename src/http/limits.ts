import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';

/** Which limit a rejected operation broke (`extensions.limit`). */
export type LimitName = 'depth' | 'cost' | 'aliases' | 'tokens' | 'directives';

/**
 * The error every limit answers with: code BAD_USER_INPUT, HTTP 400 (also for
 * `Accept: application/json`), `extensions.limit` naming the limit. graphql-armor's own errors
 * carry no code and start with "Syntax Error: "; this replaces them.
 */
export function limitError(limit: LimitName, armorError: GraphQLError): GraphQLError {
  return createGraphQLError(armorError.message.replace(/^Syntax Error: /, ''), {
    nodes: armorError.nodes ?? null,
    extensions: { code: 'BAD_USER_INPUT', limit, http: { status: 400, spec: false } },
  });
}

/**
 * Reports a rejection: in validation (depth, cost, aliases, directives) as a validation error, so
 * every broken limit is listed; while parsing (tokens, there is no validation context yet) by
 * throwing, which stops the lexer at the first token over the limit.
 */
function reject(limit: LimitName) {
  return (ctx: ValidationContext | null, error: GraphQLError): void => {
    const e = limitError(limit, error);
    if (ctx) ctx.reportError(e);
    else throw e;
  };
}

/**
 * graphql-armor with the configured limits. Every limit counts the whole document after parsing
 * except tokens (counted while lexing, so a huge document is never built). Introspection fields do
 * not count towards depth and cost. "Did you mean …" suggestions are removed when introspection is
 * off (they would reveal the schema).
 */
export function limitsPlugin(
  limits: Config['limits'],
  options: { blockFieldSuggestions: boolean },
): Plugin {
  const common = { exposeLimits: true, propagateOnRejection: false };
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.depth, ...common, onReject: [reject('depth')] },
    costLimit: { maxCost: limits.cost, ...common, onReject: [reject('cost')] },
    maxAliases: { n: limits.aliases, ...common, onReject: [reject('aliases')] },
    maxTokens: { n: limits.tokens, ...common, onReject: [reject('tokens')] },
    maxDirectives: { n: limits.directives, ...common, onReject: [reject('directives')] },
    blockFieldSuggestion: { enabled: options.blockFieldSuggestions },
  });
}

/**
 * Rejects the introspection meta-fields `__schema` and `__type` (the effect of graphql-js's
 * `NoSchemaIntrospectionCustomRule`, which `@graphql-yoga/plugin-disable-introspection` adds; by
 * field name here, so it does not depend on which copy of graphql validates). `__typename` stays
 * allowed. The error is a validation error: GRAPHQL_VALIDATION_FAILED.
 */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name === '__schema' || name === '__type') {
      context.reportError(
        createGraphQLError(
          `GraphQL introspection has been disabled, but the requested query contained the field "${name}".`,
          { nodes: node },
        ),
      );
    }
  },
});

/** Introspection off (KG_INTROSPECTION=off). */
export function disableIntrospectionPlugin(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospectionRule);
    },
  };
}
