import type { Server } from '../../src/server.js';

export interface GqlResult<T> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A GraphQL client over `server.yoga.fetch()` (no socket), sending `key` as a bearer token. */
export function graphqlClient(server: () => Server) {
  return async function gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    key: string | null = null,
  ): Promise<GqlResult<T>> {
    const res = await server().yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: GqlResult<T>['errors'] };
    return { status: res.status, ...body };
  };
}
