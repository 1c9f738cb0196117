import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { MetricsService } from './metrics.service';

/** The root fields an operation selects: the contract's operation names, so label values stay bounded. */
export function rootFields(operation: OperationDefinitionNode | undefined): string[] {
  if (!operation) return ['(invalid)'];
  const names = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '(fragment)'));
  return names.length ? [...new Set(names)] : ['(empty)'];
}

/** Counts and times GraphQL operations by root field, operation type and outcome (found by Nest's @Plugin scan). */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin {
  constructor(private readonly metrics: MetricsService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<never>> {
    const started = process.hrtime.bigint();
    const metrics = this.metrics;
    return {
      async willSendResponse(rc) {
        const body = rc.response.body;
        const errors = rc.errors ?? (body.kind === 'single' ? body.singleResult.errors : undefined);
        const outcome = errors?.length ? 'error' : 'ok';
        const type = rc.operation?.operation ?? 'unknown';
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        for (const operation of rootFields(rc.operation)) {
          metrics.graphqlRequests.inc({ operation, type, outcome });
          metrics.graphqlDuration.observe({ operation, type, outcome }, seconds);
        }
      },
    };
  }
}
