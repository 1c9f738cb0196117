import { Injectable } from '@nestjs/common';
import { type ConnectionShape, toConnection } from '../common/connection';
import { CursorCodec, pageSize } from '../common/cursor';
import { badInput, notFound } from '../common/errors';
import { SecretBox } from '../common/secret-box';
import { isUuid } from '../common/text';
import { AppConfig } from '../config/app-config';
import { Allowlist } from '../feed-reader/fetch/address-guard';
import { FetchError } from '../feed-reader/fetch/fetch-error';
import { checkSourceUrl } from '../feed-reader/fetch/source-url';
import { WEBHOOK_SECRET_PURPOSE } from './delivery-sender';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookEntity } from './webhook.entity';
import { WEBHOOK_EVENTS, type WebhookEvent } from './webhook-events';
import { WebhookRepository } from './webhook.repository';

export const WEBHOOK_LIMITS = { url: 2048, secretMin: 16, secretMax: 256 } as const;

/** Registering, listing, enabling and deleting webhooks (ADMIN), and their deliveries. The secret goes in sealed and never comes out. */
@Injectable()
export class WebhooksService {
  private readonly box: SecretBox;
  private readonly allowlist: Allowlist;
  private readonly cursors: CursorCodec;

  constructor(
    private readonly repo: WebhookRepository,
    config: AppConfig,
  ) {
    this.box = new SecretBox(config.secretKey, WEBHOOK_SECRET_PURPOSE);
    this.allowlist = new Allowlist(config.fetch.allowlist);
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  async create(input: { url: string; events: readonly string[]; secret: string }): Promise<WebhookEntity> {
    const events = this.checkEvents(input.events);
    const secret = input.secret ?? '';
    if (secret.length < WEBHOOK_LIMITS.secretMin || secret.length > WEBHOOK_LIMITS.secretMax) {
      throw badInput('webhooks:errors.secretLength', { min: WEBHOOK_LIMITS.secretMin, max: WEBHOOK_LIMITS.secretMax });
    }
    // Last: it may resolve the host name.
    const url = await this.checkUrl(input.url);
    return this.repo.insert({ url, events, secretSealed: this.box.seal(secret) });
  }

  /** One webhook (for a watch's alerts), or null when there is none with that id. */
  find(id: string): Promise<WebhookEntity | null> {
    return isUuid(id) ? this.repo.findById(id) : Promise.resolve(null);
  }

  list(): Promise<WebhookEntity[]> {
    return this.repo.listAll();
  }

  /** Active again, failures in a row back to 0 (deliveries already FAILED stay so). */
  async enable(id: string): Promise<WebhookEntity> {
    const webhook = isUuid(id) ? await this.repo.enable(id) : null;
    if (!webhook) throw notFound('webhooks:errors.notFound', { id });
    return webhook;
  }

  async delete(id: string): Promise<boolean> {
    if (!isUuid(id) || !(await this.repo.delete(id))) throw notFound('webhooks:errors.notFound', { id });
    return true;
  }

  /** Newest first. */
  async deliveries(webhookId: string, first: number | null | undefined, after: string | null | undefined): Promise<ConnectionShape<WebhookDeliveryEntity>> {
    const size = pageSize(first);
    const position = this.cursors.decodeKeyset('webhook-delivery', after);
    const rows = await this.repo.pageDeliveries(webhookId, position, size + 1);
    const connection = toConnection(rows, size, () => this.repo.countDeliveries(webhookId), (row) => this.cursors.encode('webhook-delivery', row.position));
    return { ...connection, edges: connection.edges.map((e) => ({ cursor: e.cursor, node: e.node.delivery })) };
  }

  /** The feeds' guard at registration: http(s), no credentials, no private or reserved address unless FETCH_ALLOWLIST allows it. */
  private async checkUrl(raw: string): Promise<string> {
    const value = (raw ?? '').trim();
    if (value.length > WEBHOOK_LIMITS.url) throw badInput('webhooks:errors.urlTooLong', { max: WEBHOOK_LIMITS.url });
    try {
      const url = new URL(await checkSourceUrl(value, this.allowlist));
      url.hash = '';
      return url.toString();
    } catch (error) {
      // The fetcher's own translated messages (bad URL, scheme, blocked address), its code as extensions.reason.
      if (error instanceof FetchError) throw badInput(error.key, error.params, { reason: error.code });
      throw error;
    }
  }

  private checkEvents(events: readonly string[]): WebhookEvent[] {
    const unknown = (events ?? []).filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (unknown.length) throw badInput('webhooks:errors.unknownEvents', { events: unknown.join(', ') });
    const chosen = WEBHOOK_EVENTS.filter((e) => events.includes(e));
    if (!chosen.length) throw badInput('webhooks:errors.noEvents');
    return chosen;
  }
}
