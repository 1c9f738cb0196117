import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { rowsOf } from '../database/returned-rows';
import { claimDue, type DueRow } from '../queues/claim-due';
import type { FeedFormat } from '../feed-reader/feed.types';
import { FeedEntity, FeedStatus, StoredMessage } from './feed.entity';

export type DueFeed = DueRow;

/** What a poll needs of its feed and section, read while claiming it. */
export type ClaimedFeed = Pick<
  FeedEntity,
  'id' | 'sectionId' | 'url' | 'locale' | 'status' | 'pollIntervalMinutes' | 'intervalFixed' | 'consecutiveFailures' | 'etag' | 'lastModified' | 'lastBodyHash' | 'guidsUnstable'
> & { sectionDefaultLocale: string; sectionPushes: boolean };

export interface SuccessUpdate {
  fetchedAt: Date;
  nextFetchAt: Date;
  pollIntervalMinutes: number;
  etag: string | null;
  lastModified: string | null;
  bodyHash: string | null;
  format: FeedFormat | null;
  locale: string | null;
  title: string | null;
  /** The feed's own <link> (its site), when it gives one. */
  htmlUrl: string | null;
  guidsUnstable: boolean;
  /** Only after items were written: recount the feed's articles. */
  recount: boolean;
}

@Injectable()
export class FeedRepository {
  constructor(
    @InjectRepository(FeedEntity) private readonly repo: Repository<FeedEntity>,
    private readonly dataSource: DataSource,
  ) {}

  findById(id: string): Promise<FeedEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Feeds for the feeds query: by section and status when given, oldest first. */
  listFiltered(filter: { sectionId?: string; status?: FeedStatus }): Promise<FeedEntity[]> {
    return this.repo.find({
      where: { ...(filter.sectionId ? { sectionId: filter.sectionId } : {}), ...(filter.status ? { status: filter.status } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  findBySectionIds(sectionIds: readonly string[]): Promise<FeedEntity[]> {
    return sectionIds.length ? this.repo.find({ where: { sectionId: In([...sectionIds]) }, order: { createdAt: 'ASC' } }) : Promise.resolve([]);
  }

  /** Inserts the feeds whose (section, url) is new; returns every requested feed, new or existing, in order. */
  async insertMany(
    rows: { sectionId: string; url: string; locale: string | null; pollIntervalMinutes: number; intervalFixed: boolean; title?: string | null; htmlUrl?: string | null }[],
    manager?: EntityManager,
  ): Promise<{ feed: FeedEntity; created: boolean }[]> {
    if (!rows.length) return [];
    const m = manager ?? this.dataSource.manager;
    const inserted = await m.query<{ id: string }[]>(
      `INSERT INTO feeds (section_id, url, locale, poll_interval_minutes, interval_fixed, title, html_url)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::boolean[], $6::text[], $7::text[])
       ON CONFLICT (section_id, url) DO NOTHING
       RETURNING id`,
      [
        rows.map((r) => r.sectionId),
        rows.map((r) => r.url),
        rows.map((r) => r.locale),
        rows.map((r) => r.pollIntervalMinutes),
        rows.map((r) => r.intervalFixed),
        rows.map((r) => r.title ?? null),
        rows.map((r) => r.htmlUrl ?? null),
      ],
    );
    const createdIds = new Set(inserted.map((r) => r.id));
    const all = await m.getRepository(FeedEntity).find({
      where: rows.map((r) => ({ sectionId: r.sectionId, url: r.url })),
    });
    const byKey = new Map(all.map((f) => [`${f.sectionId} ${f.url}`, f]));
    return rows.map((r) => {
      const feed = byKey.get(`${r.sectionId} ${r.url}`)!;
      return { feed, created: createdIds.has(feed.id) };
    });
  }

  /**
   * The dispatcher's one statement: up to `limit` due feeds (ACTIVE or FAILING, next_fetch_at passed),
   * locked with SKIP LOCKED so that concurrent dispatchers never pick the same feed, and leased by moving
   * next_fetch_at `leaseSeconds` ahead. `enqueue` runs inside the transaction: if it fails, nothing moves.
   */
  async dispatchDue(limit: number, leaseSeconds: number, enqueue: (due: DueFeed[]) => Promise<void>): Promise<number> {
    return claimDue(this.dataSource, 'feeds', limit, leaseSeconds, enqueue);
  }

  /**
   * Claims a feed for one poll job, in one statement that also reads what the poll needs (the section's
   * default locale, whether it is pushed to us: its section pushed since `pushedSince`, or the feed has an
   * active WebSub subscription): refused while another job holds an unexpired
   * lease (a retry of the same job id may take its own lease back). Scheduled polls only run on
   * ACTIVE/FAILING feeds.
   */
  async claimForPoll(id: string, jobId: string, leaseSeconds: number, manual: boolean, pushedSince: Date): Promise<ClaimedFeed | null> {
    const result = await this.dataSource.query<[Record<string, unknown>[], number] | Record<string, unknown>[]>(
      `UPDATE feeds f SET lease_until = now() + make_interval(secs => $3), lease_job = $2
         FROM sections s
        WHERE f.id = $1 AND s.id = f.section_id
          AND (f.lease_until IS NULL OR f.lease_until < now() OR f.lease_job = $2)
          AND ($4 OR f.status IN ('ACTIVE','FAILING'))
        RETURNING f.id, f.section_id, f.url, f.locale, f.status, f.poll_interval_minutes, f.interval_fixed,
                  f.consecutive_failures, f.etag, f.last_modified, f.last_body_hash, f.guids_unstable,
                  s.default_locale AS section_default_locale,
                  (EXISTS (SELECT 1 FROM section_push_secrets p WHERE p.section_id = f.section_id AND p.last_push_at >= $5)
                   OR EXISTS (SELECT 1 FROM websub_subscriptions w WHERE w.feed_id = f.id AND w.state = 'ACTIVE' AND w.expires_at > now())) AS pushes`,
      [id, jobId, leaseSeconds, manual, pushedSince],
    );
    const rows = (Array.isArray(result[0]) ? result[0] : result) as Record<string, never>[];
    if (!rows.length) return null;
    const r = rows[0];
    return {
      id: r.id,
      sectionId: r.section_id,
      url: r.url,
      locale: r.locale,
      status: r.status,
      pollIntervalMinutes: r.poll_interval_minutes,
      intervalFixed: r.interval_fixed,
      consecutiveFailures: r.consecutive_failures,
      etag: r.etag,
      lastModified: r.last_modified,
      lastBodyHash: r.last_body_hash,
      guidsUnstable: r.guids_unstable,
      sectionDefaultLocale: r.section_default_locale,
      sectionPushes: r.pushes,
    };
  }

  /** A fetch that brought items (or an unchanged body): clears failures, schedules the next poll, releases the lease. */
  async recordSuccess(id: string, jobId: string, u: SuccessUpdate): Promise<void> {
    await this.dataSource.query(
      `UPDATE feeds SET
         last_fetched_at = $3, last_success_at = $3, next_fetch_at = $4,
         poll_interval_minutes = CASE WHEN interval_fixed THEN poll_interval_minutes ELSE $5 END,
         etag = $6, last_modified = $7, last_body_hash = COALESCE($8, last_body_hash),
         format = COALESCE($9, format), locale = COALESCE(locale, $10), title = COALESCE($11, title),
         guids_unstable = guids_unstable OR $12, html_url = COALESCE($14, html_url),
         consecutive_failures = 0, last_error = NULL,
         status = CASE WHEN status = 'FAILING' THEN 'ACTIVE' ELSE status END,
         item_count = CASE WHEN $13 THEN (SELECT count(*) FROM articles a WHERE a.feed_id = feeds.id) ELSE item_count END,
         lease_until = NULL, lease_job = NULL, updated_at = now()
       WHERE id = $1 AND lease_job = $2`,
      [id, jobId, u.fetchedAt, u.nextFetchAt, u.pollIntervalMinutes, u.etag, u.lastModified, u.bodyHash, u.format, u.locale, u.title, u.guidsUnstable, u.recount, u.htmlUrl],
    );
  }

  /**
   * A failed poll: one more consecutive failure, FAILING with the error (DISABLED when `disable`), next
   * try after the back-off. PAUSED and DISABLED feeds keep their status (a manual refresh may fail).
   * Returns the status now stored; null when the lease was lost (nothing written).
   */
  async recordFailure(id: string, jobId: string, f: { fetchedAt: Date; failures: number; nextFetchAt: Date; error: StoredMessage; disable: boolean }): Promise<FeedStatus | null> {
    const rows = rowsOf<{ status: FeedStatus }>(await this.dataSource.query(
      `UPDATE feeds SET
         last_fetched_at = $3, consecutive_failures = $4, next_fetch_at = $5, last_error = $6::jsonb,
         status = CASE WHEN status IN ('PAUSED','DISABLED') THEN status WHEN $7 THEN 'DISABLED' ELSE 'FAILING' END,
         lease_until = NULL, lease_job = NULL, updated_at = now()
       WHERE id = $1 AND lease_job = $2
       RETURNING status`,
      [id, jobId, f.fetchedAt, f.failures, f.nextFetchAt, JSON.stringify(f.error), f.disable],
    ));
    return rows[0]?.status ?? null;
  }

  /** Nothing was fetched (the host was busy): the lease goes, no failure counts; the due time moves when given. */
  async releaseUnpolled(id: string, jobId: string, nextFetchAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE feeds SET lease_until = NULL, lease_job = NULL, next_fetch_at = COALESCE($3, next_fetch_at), updated_at = now()
       WHERE id = $1 AND lease_job = $2`,
      [id, jobId, nextFetchAt],
    );
  }

  /**
   * An editor's change (absent fields stay): the locale (null: detected again), the interval (fixed, or null:
   * adaptive again). A shorter fixed interval brings an idle ACTIVE feed's next poll forward. Null when the feed is gone.
   */
  async updateSettings(id: string, change: { locale?: string | null; pollIntervalMinutes?: number | null }): Promise<FeedEntity | null> {
    const result: unknown = await this.dataSource.query(
      `UPDATE feeds SET
         locale = CASE WHEN $2 THEN $3::text ELSE locale END,
         poll_interval_minutes = CASE WHEN $4 THEN COALESCE($5::int, poll_interval_minutes) ELSE poll_interval_minutes END,
         interval_fixed = CASE WHEN $4 THEN $5::int IS NOT NULL ELSE interval_fixed END,
         next_fetch_at = CASE WHEN $5::int IS NOT NULL AND status = 'ACTIVE' AND (lease_until IS NULL OR lease_until < now())
                              THEN LEAST(next_fetch_at, COALESCE(last_fetched_at, now()) + make_interval(mins => $5::int))
                              ELSE next_fetch_at END,
         updated_at = now()
       WHERE id = $1
       RETURNING id`,
      [id, change.locale !== undefined, change.locale ?? null, change.pollIntervalMinutes !== undefined, change.pollIntervalMinutes ?? null],
    );
    return rowsOf(result).length ? this.findById(id) : null;
  }

  /**
   * Deletes a feed (its articles stay, no longer linked to it). A poll of it that is writing a batch holds
   * the row (IngestRepository.holdFeed): the delete waits for that batch, and every later batch is discarded.
   */
  async delete(id: string): Promise<boolean> {
    const result: unknown = await this.dataSource.query(`DELETE FROM feeds WHERE id = $1 RETURNING id`, [id]);
    return rowsOf(result).length > 0;
  }

  /** Due now, unless paused or disabled (a WebSub subscription ended: the backup poll becomes the feed's poll again). */
  async pollSoon(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE feeds SET next_fetch_at = LEAST(next_fetch_at, now()), updated_at = now() WHERE id = $1 AND status IN ('ACTIVE','FAILING')`,
      [id],
    );
  }

  /** After content pushed for this feed was ingested: its article count. */
  async recountItems(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE feeds SET item_count = (SELECT count(*) FROM articles a WHERE a.feed_id = feeds.id) WHERE id = $1`, [id]);
  }

  async setStatus(id: string, status: FeedStatus, resetSchedule: boolean): Promise<FeedEntity | null> {
    await this.dataSource.query(
      `UPDATE feeds SET status = $2, updated_at = now()
         ${resetSchedule ? ', next_fetch_at = now(), consecutive_failures = 0, lease_until = NULL, lease_job = NULL' : ''}
       WHERE id = $1`,
      [id, status],
    );
    return this.findById(id);
  }

}
