import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rowsOf } from '../../database/returned-rows';
import type { StoredMessage } from '../feed.entity';

export type WebSubState = 'REQUESTED' | 'ACTIVE' | 'DENIED' | 'FAILED';

export interface WebSubSubscription {
  feedId: string;
  hubUrl: string;
  topicUrl: string;
  /** Sealed (SecretBox): opened only to send it to the hub and to check signatures. */
  sealedSecret: string;
  state: WebSubState;
  leaseSeconds: number | null;
  expiresAt: Date | null;
  consecutiveFailures: number;
}

const COLUMNS = `feed_id AS "feedId", hub_url AS "hubUrl", topic_url AS "topicUrl", secret AS "sealedSecret", state,
  lease_seconds AS "leaseSeconds", expires_at AS "expiresAt", consecutive_failures AS "consecutiveFailures"`;

/**
 * The websub_subscriptions table (owned by feeds): one subscription per section feed. `renew_at` is when
 * the worker (re)sends the subscription request: at once for a new one, before the lease ends, after a
 * failure's back-off, or when a hub never verified.
 */
@Injectable()
export class WebSubSubscriptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(feedId: string): Promise<WebSubSubscription | null> {
    const rows = await this.dataSource.query<WebSubSubscription[]>(`SELECT ${COLUMNS} FROM websub_subscriptions WHERE feed_id = $1`, [feedId]);
    return rows[0] ?? null;
  }

  /** A new subscription (or one to another hub or topic, replacing the old): requested at the next dispatch. */
  async create(feedId: string, hubUrl: string, topicUrl: string, sealedSecret: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO websub_subscriptions (feed_id, hub_url, topic_url, secret, state, renew_at) VALUES ($1, $2, $3, $4, 'REQUESTED', now())
       ON CONFLICT (feed_id) DO UPDATE SET hub_url = EXCLUDED.hub_url, topic_url = EXCLUDED.topic_url, secret = EXCLUDED.secret,
         state = 'REQUESTED', lease_seconds = NULL, expires_at = NULL, renew_at = now(), renew_lease_until = NULL,
         consecutive_failures = 0, last_error = NULL, requested_at = NULL, verified_at = NULL, hub_answered_at = NULL, updated_at = now()`,
      [feedId, hubUrl, topicUrl, sealedSecret],
    );
  }

  async forget(feedId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM websub_subscriptions WHERE feed_id = $1`, [feedId]);
  }

  /**
   * Up to `limit` subscriptions whose request is due, each leased `leaseSeconds` (moved ahead) so that no
   * other dispatcher takes it; returned with the due time they had (for a deterministic job id).
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<{ feedId: string; dueAt: Date }[]> {
    const result: unknown = await this.dataSource.query(
      `WITH due AS (
         SELECT feed_id, renew_at FROM websub_subscriptions WHERE renew_at <= now() ORDER BY renew_at LIMIT $1 FOR UPDATE SKIP LOCKED
       )
       UPDATE websub_subscriptions w SET renew_at = now() + make_interval(secs => $2), updated_at = now()
         FROM due WHERE w.feed_id = due.feed_id
       RETURNING due.feed_id AS "feedId", due.renew_at AS "dueAt"`,
      [limit, leaseSeconds],
    );
    return rowsOf<{ feedId: string; dueAt: Date }>(result);
  }

  /**
   * The hub accepted the request sent at `sentAt`; it is asked again at `askAgainAt` unless it verifies
   * first. An active lease stays active, and a hub that already verified or denied (it may call back before
   * it answers the request) keeps its word.
   */
  async requested(feedId: string, sentAt: Date, askAgainAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE websub_subscriptions SET requested_at = $2, renew_at = $3, consecutive_failures = 0, last_error = NULL,
         state = CASE WHEN state = 'ACTIVE' AND expires_at > now() THEN 'ACTIVE' ELSE 'REQUESTED' END, updated_at = now()
       WHERE feed_id = $1 AND (hub_answered_at IS NULL OR hub_answered_at < $2)`,
      [feedId, sentAt, askAgainAt],
    );
  }

  /** The request failed (the hub refused it or could not be reached); an active lease stays active until it ends. */
  async failed(feedId: string, error: StoredMessage, failures: number, retryAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE websub_subscriptions SET consecutive_failures = $2, last_error = $3::jsonb, renew_at = $4,
         state = CASE WHEN state = 'ACTIVE' AND expires_at > now() THEN 'ACTIVE' ELSE 'FAILED' END, updated_at = now()
       WHERE feed_id = $1`,
      [feedId, failures, JSON.stringify(error), retryAt],
    );
  }

  /** A lease that ended without renewal: the subscription is requested again and no longer counts as active. */
  async lapsed(feedId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE websub_subscriptions SET state = 'REQUESTED', expires_at = NULL, updated_at = now() WHERE feed_id = $1 AND state = 'ACTIVE'`,
      [feedId],
    );
  }

  /**
   * The hub verified our intent for this topic: active for `leaseSeconds`, renewed at `renewAt`. False (and
   * nothing changes) when the feed has no subscription to that topic waiting or active.
   */
  async verified(feedId: string, topicUrl: string, leaseSeconds: number, renewAt: Date): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE websub_subscriptions SET state = 'ACTIVE', lease_seconds = $3::int, expires_at = now() + make_interval(secs => $3::int),
         renew_at = $4, verified_at = now(), hub_answered_at = now(), consecutive_failures = 0, last_error = NULL, updated_at = now()
       WHERE feed_id = $1 AND topic_url = $2 AND state IN ('REQUESTED', 'ACTIVE')
       RETURNING feed_id`,
      [feedId, topicUrl, leaseSeconds, renewAt],
    );
    return rowsOf(result).length > 0;
  }

  /** The hub denied the subscription to this topic (its reason kept); asked again at `askAgainAt`. False when there is none. */
  async denied(feedId: string, topicUrl: string, reason: string | null, askAgainAt: Date): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE websub_subscriptions SET state = 'DENIED', expires_at = NULL, renew_at = $4, last_error = $3::jsonb, hub_answered_at = now(), updated_at = now()
       WHERE feed_id = $1 AND topic_url = $2 AND state IN ('REQUESTED', 'ACTIVE')
       RETURNING feed_id`,
      [feedId, topicUrl, JSON.stringify({ key: 'ingest:websub.denied', params: { reason: (reason ?? '').slice(0, 200) } }), askAgainAt],
    );
    return rowsOf(result).length > 0;
  }
}
