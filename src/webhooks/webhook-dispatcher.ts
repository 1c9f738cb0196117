import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { deliveryJobOptions, WEBHOOKS_QUEUE, type WebhookJobs } from './jobs/webhook-jobs';
import { deliveryBody } from './signature';
import type { WebhookEvent, WebhookNotice } from './webhook-events';
import { type NewDelivery, WebhookRepository } from './webhook.repository';

const BATCH = 500;

/**
 * Where events become deliveries: a delivery row per (webhook, occurrence) and one job per delivery, both
 * keyed, so an occurrence announced twice (a retried job, a duplicate announcement) is delivered once. Called
 * where the event happens (the process that committed it), never from a pub/sub listener in every process.
 * Never throws: the event's write has committed, and a delivery that could not be queued is logged (and, if
 * its row was written, picked up again by the worker's sweep).
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger(WebhookDispatcher.name);

  constructor(
    private readonly repo: WebhookRepository,
    private readonly config: AppConfig,
    @InjectQueue(WEBHOOKS_QUEUE) private readonly queue: Queue,
  ) {
    this.queue.on('error', (error: Error) => this.logger.warn(`webhooks queue: ${error.message}`));
  }

  /** The events some active webhook listens to (sources skip preparing the others' notices); none when it cannot tell. */
  async wanted(): Promise<Set<WebhookEvent>> {
    try {
      return await this.repo.subscribedEvents();
    } catch (error) {
      this.logger.warn(`could not look up webhook subscriptions: ${messageOf(error)}`);
      return new Set();
    }
  }

  /** Every active webhook subscribed to `event` receives each notice once (notices with the same key count once). */
  async announce(event: WebhookEvent, notices: readonly WebhookNotice[], occurredAt = new Date()): Promise<void> {
    if (!notices.length) return;
    try {
      const webhooks = await this.repo.subscribedTo(event);
      if (!webhooks.length) return;
      const unique = [...new Map(notices.map((n) => [n.key, n])).values()];
      const rows = webhooks.flatMap((webhookId) => unique.map((n) => this.delivery(webhookId, event, n, occurredAt)));
      await this.add(rows);
    } catch (error) {
      this.logger.warn(`could not queue ${event} deliveries: ${messageOf(error)}`);
    }
  }

  /**
   * One delivery of `event` to one webhook, whatever it subscribed to (a watch's mention alerts name their
   * webhook). `notice.key` names the occurrence: the same key for the same webhook and event is delivered once,
   * also when `announce` delivered it already. False when the webhook is unknown or disabled, or queuing failed.
   */
  async enqueue(webhookId: string, event: WebhookEvent, notice: WebhookNotice, occurredAt = new Date()): Promise<boolean> {
    try {
      return (await this.add([this.delivery(webhookId, event, notice, occurredAt)])) > 0;
    } catch (error) {
      this.logger.warn(`could not queue a ${event} delivery: ${messageOf(error)}`);
      return false;
    }
  }

  private delivery(webhookId: string, event: WebhookEvent, notice: WebhookNotice, occurredAt: Date): NewDelivery {
    return { webhookId, event, eventKey: `${event}:${notice.key}`, body: deliveryBody(event, occurredAt, notice.data) };
  }

  /** Rows first, then their jobs (deterministic ids): returns how many deliveries are pending. */
  private async add(rows: NewDelivery[]): Promise<number> {
    let pending = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const added = await this.repo.addDeliveries(rows.slice(i, i + BATCH));
      await this.queue.addBulk(
        added.map((d) => ({ name: 'deliver', data: { deliveryId: d.id } satisfies WebhookJobs['deliver'], opts: deliveryJobOptions(d.id, this.config.webhooks) })),
      );
      pending += added.length;
    }
    return pending;
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
