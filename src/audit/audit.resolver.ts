import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../graphql/roles.decorator';
import { AuditService } from './audit.service';
import { AuditEntryConnection, AuditEntryModel } from './models/audit-entry.model';

@Resolver(() => AuditEntryModel)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Roles('ADMIN')
  @Query(() => AuditEntryConnection, { description: 'Every change, newest first. ADMIN' })
  auditLog(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ) {
    return this.audit.list(first, after);
  }
}
