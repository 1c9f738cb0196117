/** The audit domain's public surface: other domains import audit only from here (see ARCHITECTURE.md). */
export { AuditInterceptor } from './audit.interceptor';
export { AuditModule } from './audit.module';
export { actorOf, type AuditRecord } from './audit-record';
export { AuditService } from './audit.service';
