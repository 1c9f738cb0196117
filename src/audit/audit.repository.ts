import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuditRecord } from './audit-record';
import { AuditEntryEntity } from './audit-entry.entity';

/** A keyset position: `at` exactly as PostgreSQL prints it (microseconds), and the id. */
export type AuditPosition = [at: string, id: string];

@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEntryEntity) private readonly repo: Repository<AuditEntryEntity>) {}

  /** One statement, no entity round trip: this runs after every mutation. */
  async append(record: AuditRecord): Promise<void> {
    await this.repo.query(`INSERT INTO audit_log (actor, actor_key_id, action, target) VALUES ($1, $2, $3, $4)`, [
      record.actor,
      record.actorKeyId,
      record.action,
      record.target,
    ]);
  }

  /** Newest first, `limit` entries after `position`, each with its own position for the cursor. */
  async pageNewestFirst(position: AuditPosition | null, limit: number): Promise<{ entry: AuditEntryEntity; position: AuditPosition }[]> {
    const query = this.repo.createQueryBuilder('a').addSelect('a.at::text', 'position_at');
    if (position) query.where('(a.at, a.id) < (CAST(:pa AS timestamptz), CAST(:pid AS uuid))', { pa: position[0], pid: position[1] });
    const { entities, raw } = await query.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC').limit(limit).getRawAndEntities();
    return entities.map((entry, i) => ({ entry, position: [(raw[i] as Record<string, string>).position_at, entry.id] }));
  }

  count(): Promise<number> {
    return this.repo.count();
  }
}
