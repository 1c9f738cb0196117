import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class ApiKeyRepository {
  /** When this process last recorded each key's use (bounded by the number of keys, a few hundred). */
  private readonly touchedAt = new Map<string, number>();

  constructor(@InjectRepository(ApiKeyEntity) private readonly repo: Repository<ApiKeyEntity>) {}

  /**
   * Runs on every keyed request: one plain statement on the primary (a replica could still accept a key
   * just revoked), without building the query each time, which cost more than the lookup.
   */
  async findActiveByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    const rows: ApiKeyEntity[] = await this.repo.query(
      `SELECT id, name, role, locales, section_id AS "sectionId", email, locale, key_hash AS "keyHash", key_prefix AS "keyPrefix",
              created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
       FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    return rows[0] ?? null;
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  insert(key: Omit<ApiKeyEntity, 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<ApiKeyEntity> {
    return this.repo.save(this.repo.create(key));
  }

  listAll(): Promise<ApiKeyEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC' } });
  }

  /** Marks a key revoked; false when there was no active key with that id. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Records use at most once a minute per key, to keep reads from writing on every request. Within that
   * minute this process does not even ask: the statement would change nothing.
   */
  async touch(id: string, now = Date.now()): Promise<void> {
    const last = this.touchedAt.get(id);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    this.touchedAt.set(id, now);
    await this.repo.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
  }
}
