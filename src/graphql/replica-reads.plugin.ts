import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { allowReplicaReads } from '../database/read-routing';
import type { ReplicaReads } from '../redis/replica-reads';
import type { RequestContext } from './request-context';

/**
 * Sends an anonymous query's reads to the PostgreSQL replicas when they have replayed the last write.
 * Decided when execution starts, so an answer from the read cache costs no check. Keyed callers, mutations
 * and subscriptions stay on the primary (what they see must include what they just did).
 */
export function replicaReadsPlugin(replicas: ReplicaReads): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart(rc) {
          const ctx = rc.contextValue;
          if (rc.operation?.operation !== OperationTypeNode.QUERY) return;
          if (ctx.principal || ctx.authFailed || !ctx.req || rc.request.http?.headers.get('authorization')) return;
          if (await replicas.mayRead()) allowReplicaReads();
        },
      };
    },
  };
}
