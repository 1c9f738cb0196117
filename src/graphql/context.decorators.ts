import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from './request-context';

/** The GraphQL request context (locale, principal, loaders). */
export const Ctx = createParamDecorator(
  (_: unknown, context: ExecutionContext): RequestContext => GqlExecutionContext.create(context).getContext<RequestContext>(),
);
