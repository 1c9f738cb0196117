import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '../common/errors';
import type { RequestContext } from './request-context';
import { hasRole, type Role } from '../common/principal';
import { ROLES_KEY } from './roles.decorator';

/** Checks the API key and the @Roles of every GraphQL operation before its resolver runs. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const ctx = GqlExecutionContext.create(context).getContext<RequestContext>();
    if (ctx.authFailed) throw unauthenticated('errors:auth.invalidKey');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    if (!ctx.principal) throw unauthenticated();
    if (!hasRole(ctx.principal, roles)) throw forbidden();
    return true;
  }
}
