import { Injectable, Logger } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { AppConfig } from '../config/app-config';
import { Allowlist } from '../feed-reader/fetch/address-guard';
import { FetchError } from '../feed-reader/fetch/fetch-error';
import { postGuarded } from '../feed-reader/fetch/guarded-post';
import { deliveryHeaders } from './signature';
import { WebhookRepository } from './webhook.repository';

/** The purpose webhook secrets are sealed for (its own key, derived from SECRET_KEY). */
export const WEBHOOK_SECRET_PURPOSE = 'newsdesk webhook secrets v1';

export const WEBHOOK_USER_AGENT = 'newsdesk-webhooks/1';

export type AttemptOutcome =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'skipped'; reason: 'gone' | 'done' | 'disabled' | 'secret' }
  /** Another attempt follows (BullMQ's back-off). */
  | { outcome: 'retry'; status: number | null; error: string }
  | { outcome: 'failed'; status: number | null; error: string; disabled: boolean };

/**
 * One attempt of one delivery: its webhook still active, the stored body signed with the attempt's timestamp,
 * POSTed under the address guard with WEBHOOK_TIMEOUT_MS; a 2xx answer delivers. Every attempt is recorded
 * (attempts, response status, the webhook's last delivery and status); the last failed attempt fails the
 * delivery and may disable its webhook. Nothing of the secret, the body or the answer is logged.
 */
@Injectable()
export class DeliverySender {
  private readonly logger = new Logger(DeliverySender.name);
  private readonly box: SecretBox;
  private readonly allowlist: Allowlist;

  constructor(
    private readonly repo: WebhookRepository,
    private readonly config: AppConfig,
  ) {
    this.box = new SecretBox(config.secretKey, WEBHOOK_SECRET_PURPOSE);
    this.allowlist = new Allowlist(config.fetch.allowlist);
  }

  async attempt(deliveryId: string, lastAttempt: boolean): Promise<AttemptOutcome> {
    const d = await this.repo.toSend(deliveryId);
    if (!d) return { outcome: 'skipped', reason: 'gone' };
    if (d.state !== 'PENDING') return { outcome: 'skipped', reason: 'done' };
    if (!d.active) {
      await this.repo.recordNotAttempted(deliveryId, 'WEBHOOK_DISABLED');
      return { outcome: 'skipped', reason: 'disabled' };
    }
    const secret = this.box.open(d.secretSealed);
    if (secret === null) {
      // SECRET_KEY changed since the webhook was created: no attempt can be signed until it is registered again.
      this.logger.warn(`webhook delivery ${deliveryId}: the webhook's secret cannot be opened with SECRET_KEY`);
      await this.repo.recordNotAttempted(deliveryId, 'SECRET_UNREADABLE');
      return { outcome: 'skipped', reason: 'secret' };
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = deliveryHeaders({ event: d.event, deliveryId: d.id, timestamp, secret, body: d.body });
    let status: number | null = null;
    let error = 'HTTP_STATUS';
    try {
      ({ status } = await postGuarded(d.url, d.body, headers, { allowlist: this.allowlist, timeoutMs: this.config.webhooks.timeoutMs, userAgent: WEBHOOK_USER_AGENT }));
    } catch (e) {
      error = e instanceof FetchError ? e.code : 'NETWORK';
    }
    if (status !== null && status >= 200 && status < 300) {
      await this.repo.recordDelivered(deliveryId, status);
      return { outcome: 'delivered', status };
    }
    // An address the guard refuses stays refused: no retry.
    const final = lastAttempt || error === 'BLOCKED_ADDRESS' || error === 'BAD_URL' || error === 'UNSUPPORTED_SCHEME';
    const { disabled } = await this.repo.recordFailedAttempt(deliveryId, { status, error, final, disableAfter: this.config.webhooks.disableAfter });
    if (disabled) this.logger.warn(`webhook disabled after ${this.config.webhooks.disableAfter} failed deliveries in a row (delivery ${deliveryId})`);
    return final ? { outcome: 'failed', status, error, disabled } : { outcome: 'retry', status, error };
  }
}
