import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from '@apollo/server';
import { Kind, OperationTypeNode, print, type OperationDefinitionNode } from 'graphql';
import { createHash } from 'node:crypto';
import { digest, type ReadCache, type ReadScope } from '../redis/read-cache';
import type { RequestContext } from './request-context';

/**
 * The root fields an anonymous query may be answered from the cache for, and what their answers depend on.
 * A query with any other root field (search, mentions, the desk, introspection) is never cached.
 */
const CACHEABLE_ROOTS: Record<string, readonly ReadScope[]> = {
  articles: ['articles', 'sections'],
  article: ['articles', 'sections'],
  sections: ['sections'],
  section: ['sections'],
  locales: [],
  __typename: [],
};

/** How long shared caches (browsers, CDNs) may keep a GET-able anonymous read. */
const PUBLIC_MAX_AGE_SECONDS = 30;

/** The scopes a query depends on, or null when it may not be cached. */
export function cacheableScopes(operation: OperationDefinitionNode | undefined): ReadScope[] | null {
  if (!operation || operation.operation !== OperationTypeNode.QUERY) return null;
  const scopes = new Set<ReadScope>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    const depends = CACHEABLE_ROOTS[selection.name.value];
    if (!depends) return null;
    for (const scope of depends) scopes.add(scope);
  }
  return [...scopes].sort();
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` variables share one entry. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

interface Pending {
  key: string;
}

/**
 * Answers anonymous reads of articles, sections and locales from Redis, keyed by the printed (normalised)
 * query, the variables, the operation name and the negotiated locale, under the versions of what they
 * show. Any write bumps those versions (see ReadCache), so the next read is fresh on every API process.
 * Callers with a key always go to PostgreSQL: what they see depends on who they are.
 */
export function readCachePlugin(cache: ReadCache): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let pending: Pending | null = null;
      let servedFromCache = false;
      return {
        async responseForOperation(rc): Promise<GraphQLResponse | null> {
          const ctx = rc.contextValue;
          if (ctx.principal || ctx.authFailed || rc.request.http?.headers.get('authorization')) return null;
          const scopes = cacheableScopes(rc.operation);
          if (!scopes) return null;
          const versions = await cache.versions(scopes);
          if (versions === null) return null;
          const name = stableJson([print(rc.document), rc.request.variables ?? {}, rc.operationName ?? null, ctx.locale]);
          pending = { key: `gql:${scopes.join('.')}:${versions}:${digest(name)}` };
          const hit = await cache.get(pending.key);
          if (hit === null) return null;
          servedFromCache = true;
          return { http: rc.response.http, body: { kind: 'single', singleResult: JSON.parse(hit) as never } };
        },
        async willSendResponse(rc: GraphQLRequestContext<RequestContext>) {
          const body = rc.response.body;
          if (!pending || !body || body.kind !== 'single' || body.singleResult.errors?.length) return;
          const json = JSON.stringify(body.singleResult);
          if (!servedFromCache) await cache.set(pending.key, json);
          if (rc.request.http?.method === 'GET') {
            // Express answers 304 itself when If-None-Match matches this ETag.
            rc.response.http.headers.set('etag', `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`);
            rc.response.http.headers.set('cache-control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
            rc.response.http.headers.set('vary', 'Accept-Language, Authorization');
          }
        },
      };
    },
  };
}
