import { Injectable, Logger, Optional } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { toConnection, type ConnectionShape } from '../common/connection';
import { CursorCodec, pageSize } from '../common/cursor';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics';
import type { AuditRecord } from './audit-record';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';

/**
 * The audit log: every change recorded (who, what, on what, when) and read back by an ADMIN.
 *
 * Best effort, after the change: an entry is written once the change has succeeded and committed, in its own
 * statement, and a failed write is logged and counted (newsdesk_audit_write_failures_total), never turned into
 * a failed change. Sharing the change's transaction would need every domain's service to run inside one
 * request-wide transaction (including the ones that commit in several steps, publish events or enqueue jobs
 * after committing), and would make the log able to undo work that already reached readers and webhooks.
 * The entry is awaited before the answer leaves, so a client that saw its change succeed can read it here.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  private readonly cursors: CursorCodec;
  private readonly failures?: Counter<'action'>;

  constructor(
    private readonly entries: AuditRepository,
    config: AppConfig,
    @Optional() metrics?: MetricsService,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
    this.failures = metrics?.counter('newsdesk_audit_write_failures_total', 'Audit entries that could not be written, by action', ['action']);
  }

  /** Records a change that has happened; true when written. Never throws: the change stands either way. */
  async record(record: AuditRecord): Promise<boolean> {
    try {
      await this.entries.append(record);
      return true;
    } catch (error) {
      this.failures?.inc({ action: record.action });
      // The entry holds only names and ids, so it is safe to log whole.
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`Audit entry not written: ${record.action} on "${record.target}" by ${record.actor}: ${reason}`);
      return false;
    }
  }

  async list(first: number | null | undefined, after: string | null | undefined): Promise<ConnectionShape<AuditEntryEntity>> {
    const size = pageSize(first);
    const position = this.cursors.decodeKeyset('audit', after);
    const rows = await this.entries.pageNewestFirst(position, size + 1);
    const connection = toConnection(rows, size, () => this.entries.count(), (row) => this.cursors.encode('audit', row.position));
    return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.entry })) };
  }
}
