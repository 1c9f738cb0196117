import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { claimDue, type DueRow } from '../queues/claim-due';
import { MentionSourceEntity } from './mention-source.entity';
import { rowsOf } from './query-rows';

@Injectable()
export class MentionSourceRepository {
  constructor(
    @InjectRepository(MentionSourceEntity) private readonly repo: Repository<MentionSourceEntity>,
    private readonly dataSource: DataSource,
  ) {}

  findById(id: string): Promise<MentionSourceEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByIds(ids: readonly string[]): Promise<MentionSourceEntity[]> {
    return ids.length ? this.repo.find({ where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  listAll(): Promise<MentionSourceEntity[]> {
    return this.repo.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Inserts a source; null when one with that URL exists (the unique index decides). */
  async insertIfUrlFree(source: { name: string; url: string; kind: string; locale: string | null }): Promise<MentionSourceEntity | null> {
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `INSERT INTO mention_sources (name, url, kind, locale) VALUES ($1, $2, $3, $4) ON CONFLICT (url) DO NOTHING RETURNING id`,
        [source.name, source.url, source.kind, source.locale],
      ),
    );
    return rows.length ? this.findById(rows[0].id) : null;
  }

  /** PAUSED stops polling; ACTIVE (resume) also clears failures and makes the source due at once. */
  async setStatus(id: string, status: 'ACTIVE' | 'PAUSED'): Promise<MentionSourceEntity | null> {
    await this.dataSource.query(
      `UPDATE mention_sources SET status = $2, updated_at = now()
         ${status === 'ACTIVE' ? ', next_fetch_at = now(), consecutive_failures = 0, lease_until = NULL, lease_job = NULL' : ''}
       WHERE id = $1`,
      [id, status],
    );
    return this.findById(id);
  }

  /**
   * Deletes a source unless a watch names it (then the watches' names, and nothing changes). Its mentions
   * stay, with their source name. The row is locked first, so a watch naming it at this moment either
   * commits before (and is seen here) or finds it gone (see WatchRepository); a poll of it in flight holds
   * a lock while it records a mention (MentionRepository.insertInStory), so the delete waits for that one
   * mention, and the poll records nothing after it.
   */
  deleteUnlessWatched(id: string): Promise<{ deleted: boolean; usedBy: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const locked = rowsOf<{ id: string }>(await manager.query(`SELECT id FROM mention_sources WHERE id = $1 FOR UPDATE`, [id]));
      if (!locked.length) return { deleted: false, usedBy: [] };
      const watches = rowsOf<{ name: string }>(await manager.query(`SELECT name FROM watches WHERE source_ids @> ARRAY[$1::uuid] ORDER BY name`, [id]));
      if (watches.length) return { deleted: false, usedBy: watches.map((w) => w.name) };
      await manager.query(`DELETE FROM mention_sources WHERE id = $1`, [id]);
      return { deleted: true, usedBy: [] };
    });
  }

  /** The due sources, leased (next_fetch_at pushed by the lease) in the same transaction as `enqueue`. */
  async dispatchDue(limit: number, leaseSeconds: number, enqueue: (due: DueRow[]) => Promise<void>): Promise<number> {
    return claimDue(this.dataSource, 'mention_sources', limit, leaseSeconds, enqueue);
  }

  /** Claims a source for one poll job; refused while another job holds an unexpired lease. */
  async claimForPoll(id: string, jobId: string, leaseSeconds: number, manual: boolean): Promise<MentionSourceEntity | null> {
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `UPDATE mention_sources SET lease_until = now() + make_interval(secs => $3), lease_job = $2
          WHERE id = $1 AND (lease_until IS NULL OR lease_until < now() OR lease_job = $2)
            AND ($4 OR status IN ('ACTIVE','FAILING'))
          RETURNING id`,
        [id, jobId, leaseSeconds, manual],
      ),
    );
    return rows.length ? this.findById(id) : null;
  }

  async recordSuccess(
    id: string,
    jobId: string,
    u: { fetchedAt: Date; nextFetchAt: Date; pollIntervalMinutes: number; etag: string | null; lastModified: string | null; bodyHash: string | null; itemCount: number | null },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE mention_sources SET
         last_fetched_at = $3, last_success_at = $3, next_fetch_at = $4, poll_interval_minutes = $5,
         etag = $6, last_modified = $7, last_body_hash = COALESCE($8, last_body_hash),
         item_count = COALESCE($9, item_count), consecutive_failures = 0, last_error = NULL,
         status = CASE WHEN status = 'FAILING' THEN 'ACTIVE' ELSE status END,
         lease_until = NULL, lease_job = NULL, updated_at = now()
       WHERE id = $1 AND lease_job = $2`,
      [id, jobId, u.fetchedAt, u.nextFetchAt, u.pollIntervalMinutes, u.etag, u.lastModified, u.bodyHash, u.itemCount],
    );
  }

  /** Nothing was fetched (the host was busy): the lease goes, no failure counts; the due time moves when given. */
  async releaseUnpolled(id: string, jobId: string, nextFetchAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE mention_sources SET lease_until = NULL, lease_job = NULL, next_fetch_at = COALESCE($3, next_fetch_at), updated_at = now()
       WHERE id = $1 AND lease_job = $2`,
      [id, jobId, nextFetchAt],
    );
  }

  async recordFailure(id: string, jobId: string, f: { fetchedAt: Date; failures: number; nextFetchAt: Date; error: { key: string; params?: Record<string, unknown> }; disable: boolean }) {
    await this.dataSource.query(
      `UPDATE mention_sources SET
         last_fetched_at = $3, consecutive_failures = $4, next_fetch_at = $5, last_error = $6::jsonb,
         status = CASE WHEN status IN ('PAUSED','DISABLED') THEN status WHEN $7 THEN 'DISABLED' ELSE 'FAILING' END,
         lease_until = NULL, lease_job = NULL, updated_at = now()
       WHERE id = $1 AND lease_job = $2`,
      [id, jobId, f.fetchedAt, f.failures, f.nextFetchAt, JSON.stringify(f.error), f.disable],
    );
  }
}
