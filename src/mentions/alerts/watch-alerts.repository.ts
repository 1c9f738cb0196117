import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rowsOf } from '../query-rows';
import type { AlertFrequency, MentionState } from './mention-state';

/** A watch's alerts as stored: an address and/or a webhook; the e-mail's frequency and language. */
export interface StoredWatchAlerts {
  watchId: string;
  email: string | null;
  webhookId: string | null;
  frequency: AlertFrequency | null;
  language: string;
}

/** A mention as an alert or a feed entry shows it. */
export interface AlertMention {
  id: string;
  watchId: string;
  url: string;
  title: string | null;
  excerpt: string;
  sourceName: string;
  publishedAt: Date | null;
  foundAt: Date;
  matchedTerms: string[];
  state: MentionState;
}

const ALERT_COLUMNS = `watch_id AS "watchId", email, webhook_id AS "webhookId", frequency, language`;
const MENTION_COLUMNS = `id, watch_id AS "watchId", url, title, excerpt, source_name AS "sourceName", published_at AS "publishedAt",
  found_at AS "foundAt", matched_terms AS "matchedTerms", state`;

/**
 * Mention states, watch alerts, feed tokens and daily digests: the rows behind markMentions, unreadCount,
 * setWatchAlerts, the watch's Atom feed and its e-mails.
 */
@Injectable()
export class WatchAlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets the state of the mentions among `ids` that have another one; returns how many changed. */
  async markStates(ids: readonly string[], state: MentionState): Promise<number> {
    const changed = rowsOf<{ id: string }>(
      await this.dataSource.query(`UPDATE mentions SET state = $2 WHERE id = ANY($1::uuid[]) AND state <> $2 RETURNING id`, [ids, state]),
    );
    return changed.length;
  }

  /** NEW mentions per watch (a partial index answers it). */
  async unreadCounts(watchIds: readonly string[]): Promise<Map<string, number>> {
    const rows = rowsOf<{ watch_id: string; n: number }>(
      await this.dataSource.query(`SELECT watch_id, count(*)::int AS n FROM mentions WHERE watch_id = ANY($1::uuid[]) AND state = 'NEW' GROUP BY watch_id`, [
        watchIds,
      ]),
    );
    return new Map(rows.map((r) => [r.watch_id, r.n]));
  }

  async alertsOf(watchIds: readonly string[]): Promise<StoredWatchAlerts[]> {
    return rowsOf<StoredWatchAlerts>(await this.dataSource.query(`SELECT ${ALERT_COLUMNS} FROM watch_alerts WHERE watch_id = ANY($1::uuid[])`, [watchIds]));
  }

  async alertsFor(watchId: string): Promise<StoredWatchAlerts | null> {
    return (await this.alertsOf([watchId]))[0] ?? null;
  }

  /** Replaces a watch's alerts (created_at, where digests start, stays). */
  async saveAlerts(alerts: StoredWatchAlerts, createdBy: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO watch_alerts (watch_id, email, webhook_id, frequency, language, created_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (watch_id) DO UPDATE SET email = EXCLUDED.email, webhook_id = EXCLUDED.webhook_id, frequency = EXCLUDED.frequency,
         language = EXCLUDED.language, created_by = EXCLUDED.created_by, updated_at = now()`,
      [alerts.watchId, alerts.email, alerts.webhookId, alerts.frequency, alerts.language, createdBy],
    );
  }

  async clearAlerts(watchId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM watch_alerts WHERE watch_id = $1`, [watchId]);
  }

  /** Every watch with a daily e-mail digest. */
  async dailyAlerts(): Promise<(StoredWatchAlerts & { watchName: string })[]> {
    return rowsOf<StoredWatchAlerts & { watchName: string }>(
      await this.dataSource.query(
        `SELECT a.watch_id AS "watchId", a.email, a.webhook_id AS "webhookId", a.frequency, a.language, w.name AS "watchName"
           FROM watch_alerts a JOIN watches w ON w.id = a.watch_id
          WHERE a.email IS NOT NULL AND a.frequency = 'DAILY' ORDER BY w.created_at, w.id`,
      ),
    );
  }

  async mention(id: string): Promise<AlertMention | null> {
    return rowsOf<AlertMention>(await this.dataSource.query(`SELECT ${MENTION_COLUMNS} FROM mentions WHERE id = $1`, [id]))[0] ?? null;
  }

  /** The newest mentions of a watch that are not dismissed (the watch's Atom feed). */
  async feedMentions(watchId: string, limit: number): Promise<AlertMention[]> {
    return rowsOf<AlertMention>(
      await this.dataSource.query(
        `SELECT ${MENTION_COLUMNS} FROM mentions WHERE watch_id = $1 AND state <> 'DISMISSED' ORDER BY found_at DESC, id DESC LIMIT $2`,
        [watchId, limit],
      ),
    );
  }

  /** The stored token of a watch's feed (hash and sealed copy), or null. */
  async feedToken(watchId: string): Promise<{ hash: Buffer; sealed: string } | null> {
    return (await this.feedTokens([watchId])).get(watchId) ?? null;
  }

  async feedTokens(watchIds: readonly string[]): Promise<Map<string, { hash: Buffer; sealed: string }>> {
    const rows = rowsOf<{ watchId: string; hash: Buffer; sealed: string }>(
      await this.dataSource.query(`SELECT watch_id AS "watchId", token_hash AS hash, token_sealed AS sealed FROM watch_feed_tokens WHERE watch_id = ANY($1::uuid[])`, [
        watchIds,
      ]),
    );
    return new Map(rows.map((r) => [r.watchId, { hash: r.hash, sealed: r.sealed }]));
  }

  /** Stores a feed token unless the watch has one already (two first reads at once keep the first); returns the kept one. */
  async keepFeedToken(watchId: string, hash: Buffer, sealed: string): Promise<{ hash: Buffer; sealed: string } | null> {
    await this.dataSource.query(
      `INSERT INTO watch_feed_tokens (watch_id, token_hash, token_sealed) SELECT $1::uuid, $2::bytea, $3::text WHERE EXISTS (SELECT 1 FROM watches WHERE id = $1::uuid)
       ON CONFLICT (watch_id) DO NOTHING`,
      [watchId, hash, sealed],
    );
    return this.feedToken(watchId);
  }

  /**
   * Claims today's digest of a watch: the NEW mentions found since the last digest sent (and since its alerts were
   * set), up to now. Returns null when today's was sent already (a retried job sends nothing twice).
   */
  async claimDigest(watchId: string, day: string, limit: number): Promise<{ digestId: string; mentions: AlertMention[]; total: number } | null> {
    return this.dataSource.transaction(async (q) => {
      const [since] = rowsOf<{ from: Date }>(
        await q.query(
          `SELECT greatest(
             (SELECT max(covered_until) FROM mention_digests WHERE watch_id = $1 AND sent_at IS NOT NULL AND day <> $2),
             (SELECT created_at FROM watch_alerts WHERE watch_id = $1)) AS "from"`,
          [watchId, day],
        ),
      );
      const [digest] = rowsOf<{ id: string; sent: boolean; until: Date }>(
        await q.query(
          `INSERT INTO mention_digests (watch_id, day, covered_until, mention_count) VALUES ($1, $2, now(), 0)
           ON CONFLICT (watch_id, day) DO UPDATE SET covered_until = now() WHERE mention_digests.sent_at IS NULL
           RETURNING id, sent_at IS NOT NULL AS sent, covered_until AS until`,
          [watchId, day],
        ),
      );
      if (!digest || digest.sent) return null;
      const where = `watch_id = $1 AND state = 'NEW' AND found_at > $2 AND found_at <= $3`;
      const params = [watchId, since?.from ?? new Date(0), digest.until];
      const mentions = rowsOf<AlertMention>(await q.query(`SELECT ${MENTION_COLUMNS} FROM mentions WHERE ${where} ORDER BY found_at, id LIMIT ${limit}`, params));
      const [{ n }] = rowsOf<{ n: number }>(await q.query(`SELECT count(*)::int AS n FROM mentions WHERE ${where}`, params));
      await q.query(`UPDATE mention_digests SET mention_count = $2 WHERE id = $1`, [digest.id, n]);
      return { digestId: digest.id, mentions, total: n };
    });
  }

  async digestSent(digestId: string): Promise<void> {
    await this.dataSource.query(`UPDATE mention_digests SET sent_at = now() WHERE id = $1`, [digestId]);
  }
}
