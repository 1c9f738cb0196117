import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { rowsOf } from '../database/returned-rows';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEntity } from './webhook.entity';
import type { DeliveryState, WebhookEvent } from './webhook-events';

/** A delivery to add: `body` is the exact JSON sent at every attempt. */
export interface NewDelivery {
  webhookId: string;
  event: WebhookEvent;
  eventKey: string;
  body: string;
}

/** What one attempt needs: the delivery, its body, and its webhook's address, sealed secret and state. */
export interface DeliveryToSend {
  id: string;
  event: WebhookEvent;
  body: string;
  state: DeliveryState;
  url: string;
  secretSealed: string;
  active: boolean;
}

/** How an attempt failed: the HTTP status when there was an answer, and a short code (never a response body). */
export interface FailedAttempt {
  status: number | null;
  error: string;
  /** No attempt is left: the delivery is FAILED and counts towards disabling its webhook. */
  final: boolean;
  disableAfter: number;
}

/** A keyset position: created_at exactly as PostgreSQL prints it, and the id. */
export type DeliveryPosition = [createdAt: string, id: string];

/** The only writer of `webhooks` and `webhook_deliveries`. */
@Injectable()
export class WebhookRepository {
  constructor(
    @InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    private readonly dataSource: DataSource,
  ) {}

  findById(id: string): Promise<WebhookEntity | null> {
    return this.webhooks.findOne({ where: { id } });
  }

  /** Oldest first. */
  listAll(): Promise<WebhookEntity[]> {
    return this.webhooks.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async insert(row: { url: string; events: WebhookEvent[]; secretSealed: string }): Promise<WebhookEntity> {
    const [{ id }] = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO webhooks (url, events, secret_sealed) VALUES ($1, $2::text[], $3) RETURNING id`,
      [row.url, row.events, row.secretSealed],
    );
    return (await this.findById(id))!;
  }

  /** Active again with no failures counted; null when there is no such webhook. */
  async enable(id: string): Promise<WebhookEntity | null> {
    await this.dataSource.query(
      `UPDATE webhooks SET active = true, consecutive_failures = 0, disabled_at = NULL, updated_at = now() WHERE id = $1`,
      [id],
    );
    return this.findById(id);
  }

  /** With its deliveries; false when there was no such webhook. */
  async delete(id: string): Promise<boolean> {
    const rows = rowsOf<{ id: string }>(await this.dataSource.query(`DELETE FROM webhooks WHERE id = $1 RETURNING id`, [id]));
    return rows.length > 0;
  }

  /** The events some active webhook is subscribed to. */
  async subscribedEvents(): Promise<Set<WebhookEvent>> {
    const rows = await this.dataSource.query<{ event: WebhookEvent }[]>(`SELECT DISTINCT unnest(events) AS event FROM webhooks WHERE active`);
    return new Set(rows.map((r) => r.event));
  }

  /** The active webhooks subscribed to `event`. */
  async subscribedTo(event: WebhookEvent): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM webhooks WHERE active AND $1 = ANY (events) ORDER BY id`, [event]);
    return rows.map((r) => r.id);
  }

  /**
   * Adds deliveries for webhooks that are active (others are left out), one per (webhook, key): a key
   * already delivered, failed or pending is not added again. Returns the deliveries still PENDING (new or
   * not), whose jobs the caller adds (job ids are deterministic, so a job that exists is not added twice).
   */
  async addDeliveries(rows: readonly NewDelivery[]): Promise<{ id: string; webhookId: string }[]> {
    if (!rows.length) return [];
    const result = await this.dataSource.query<{ id: string; webhook_id: string; state: DeliveryState }[]>(
      `INSERT INTO webhook_deliveries (webhook_id, event, event_key, body)
       SELECT n.webhook_id, n.event, n.event_key, n.body
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS n(webhook_id, event, event_key, body)
         JOIN webhooks w ON w.id = n.webhook_id AND w.active
       ON CONFLICT (webhook_id, event_key) DO UPDATE SET event_key = EXCLUDED.event_key
       RETURNING id, webhook_id, state`,
      [rows.map((r) => r.webhookId), rows.map((r) => r.event), rows.map((r) => r.eventKey), rows.map((r) => r.body)],
    );
    return result.filter((r) => r.state === 'PENDING').map((r) => ({ id: r.id, webhookId: r.webhook_id }));
  }

  async toSend(deliveryId: string): Promise<DeliveryToSend | null> {
    const rows = await this.dataSource.query<DeliveryToSend[]>(
      `SELECT d.id, d.event, d.body, d.state, w.url, w.secret_sealed AS "secretSealed", w.active
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    return rows[0] ?? null;
  }

  /** A 2xx answer: DELIVERED, and the webhook's failures in a row start again from 0. */
  async recordDelivered(deliveryId: string, status: number): Promise<void> {
    await this.dataSource.query(
      `WITH d AS (
         UPDATE webhook_deliveries
            SET state = 'DELIVERED', attempts = attempts + 1, response_status = $2, last_error = NULL,
                last_attempt_at = now(), delivered_at = now()
          WHERE id = $1 AND state = 'PENDING'
          RETURNING webhook_id)
       UPDATE webhooks w SET consecutive_failures = 0, last_delivery_at = now(), last_response_status = $2, updated_at = now()
         FROM d WHERE w.id = d.webhook_id`,
      [deliveryId, status],
    );
  }

  /**
   * A failed attempt; the last one makes the delivery FAILED and counts one more failed delivery in a row
   * for its webhook, which is disabled when that count reaches `disableAfter`. Returns whether this attempt
   * disabled it.
   */
  async recordFailedAttempt(deliveryId: string, f: FailedAttempt): Promise<{ disabled: boolean }> {
    const rows = rowsOf<{ disabled: boolean }>(
      await this.dataSource.query(
        `WITH d AS (
           UPDATE webhook_deliveries
              SET state = CASE WHEN $4 THEN 'FAILED' ELSE 'PENDING' END, attempts = attempts + 1,
                  response_status = $2, last_error = $3, last_attempt_at = now()
            WHERE id = $1 AND state = 'PENDING'
            RETURNING webhook_id)
         UPDATE webhooks w
            SET last_delivery_at = now(), last_response_status = $2,
                consecutive_failures = consecutive_failures + CASE WHEN $4 THEN 1 ELSE 0 END,
                active = active AND NOT ($4 AND consecutive_failures + 1 >= $5),
                disabled_at = CASE WHEN active AND $4 AND consecutive_failures + 1 >= $5 THEN now() ELSE disabled_at END,
                updated_at = now()
           FROM d WHERE w.id = d.webhook_id
         RETURNING (w.disabled_at = now()) AS disabled`,
        [deliveryId, f.status, f.error.slice(0, 100), f.final, f.disableAfter],
      ),
    );
    return { disabled: rows[0]?.disabled ?? false };
  }

  /** A delivery that will not be attempted (its webhook was disabled meanwhile): FAILED, no attempt counted. */
  async recordNotAttempted(deliveryId: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_deliveries SET state = 'FAILED', last_error = $2 WHERE id = $1 AND state = 'PENDING'`, [deliveryId, reason]);
  }

  /** Newest first, `limit` rows after `position`, each with its position for the cursor. */
  async pageDeliveries(webhookId: string, position: DeliveryPosition | null, limit: number): Promise<{ delivery: WebhookDeliveryEntity; position: DeliveryPosition }[]> {
    const query = this.deliveries
      .createQueryBuilder('d')
      .addSelect('d.created_at::text', 'position_created_at')
      .where('d.webhook_id = :webhookId', { webhookId });
    if (position) query.andWhere('(d.created_at, d.id) < (CAST(:pc AS timestamptz), CAST(:pid AS uuid))', { pc: position[0], pid: position[1] });
    const { entities, raw } = await query.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit).getRawAndEntities();
    return entities.map((delivery, i) => ({ delivery, position: [(raw[i] as Record<string, string>).position_created_at, delivery.id] }));
  }

  countDeliveries(webhookId: string): Promise<number> {
    return this.deliveries.count({ where: { webhookId } });
  }

  /** PENDING deliveries added more than `olderThanMs` ago (their job may have been lost): the oldest `limit`. */
  async stalePending(olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM webhook_deliveries WHERE state = 'PENDING' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return rows.map((r) => r.id);
  }
}
