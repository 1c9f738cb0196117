import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { mergeMap, type Observable } from 'rxjs';
import type { RequestContext } from '../graphql/request-context';
import { actorOf, auditTarget } from './audit-record';
import { AuditService } from './audit.service';

/**
 * Records every Mutation field that succeeds, whichever domain resolves it: one place, so a mutation added
 * tomorrow is audited without anyone remembering to. Refused and failed mutations (the guard or the
 * resolver threw) are not changes and leave no entry. Queries and subscriptions pass straight through.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Mutation') return next.handle();
    const ctx = gql.getContext<RequestContext>();
    const args = gql.getArgs<Record<string, unknown>>();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await this.audit.record({ ...actorOf(ctx.principal), action: info.fieldName, target: auditTarget(args, result) });
        return result;
      }),
    );
  }
}
