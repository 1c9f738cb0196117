import { Injectable } from '@nestjs/common';
import type { Principal } from '../../common/principal';
import { badInput, notFound } from '../../common/errors';
import { SecretBox } from '../../common/secret-box';
import { isUuid } from '../../common/text';
import { AppConfig } from '../../config/app-config';
import { LocaleRegistry } from '../../i18n/locale-registry';
import { Translator } from '../../i18n/translator';
import { ReadCache } from '../../redis/read-cache';
import { WebhooksService } from '../../webhooks';
import type { WatchAlertsInput } from '../dto/watch-alerts.input';
import { WatchRepository } from '../watch.repository';
import type { WatchEntity } from '../watch.entity';
import { feedTokenMatches, generateFeedToken, hashFeedToken } from './feed-token';
import { MAX_MARKED, type AlertFrequency, type MentionState } from './mention-state';
import { type StoredWatchAlerts, WatchAlertsRepository } from './watch-alerts.repository';
import { ATOM_CONTENT_TYPE, renderWatchFeed } from './watch-feed';

/** Longest e-mail address (RFC 5321's path limit). */
const MAX_EMAIL = 254;
/** One address, no display name, no spaces or angle brackets: what an editor types in a form. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
/** Entries in a watch's feed: the newest mentions. */
const FEED_ENTRIES = 100;

export interface RenderedWatchFeed {
  body: string;
  contentType: string;
  language: string;
}

/** Mention states, a watch's alerts and its private Atom feed, for the API. */
@Injectable()
export class MentionAlertsService {
  private readonly box: SecretBox;

  constructor(
    private readonly alerts: WatchAlertsRepository,
    private readonly watches: WatchRepository,
    private readonly locales: LocaleRegistry,
    private readonly translator: Translator,
    private readonly readCache: ReadCache,
    private readonly config: AppConfig,
    private readonly webhooks: WebhooksService,
  ) {
    this.box = new SecretBox(config.secretKey, 'newsdesk watch feed tokens v1');
  }

  /** Sets the state of the given mentions; returns how many changed (unknown ids and unchanged ones do not count). */
  async markMentions(ids: readonly string[], state: MentionState): Promise<number> {
    if (ids.length > MAX_MARKED) throw badInput('alerts:errors.tooManyIds', { max: MAX_MARKED });
    const bad = ids.find((id) => !isUuid(id));
    if (bad !== undefined) throw badInput('alerts:errors.badMentionId', { id: bad });
    if (!ids.length) return 0;
    const changed = await this.alerts.markStates([...new Set(ids)], state);
    if (changed) await this.readCache.bump('mentions');
    return changed;
  }

  unreadCounts(watchIds: readonly string[]) {
    return this.alerts.unreadCounts(watchIds);
  }

  alertsOf(watchIds: readonly string[]) {
    return this.alerts.alertsOf(watchIds);
  }

  /**
   * Changes a watch's alerts: fields left out keep their value, null clears one; with neither e-mail nor webhook
   * left, the alerts are removed. E-mail is written in the caller's mail language (their key's), else the request's.
   */
  async setWatchAlerts(watchId: string, input: WatchAlertsInput, principal: Principal | null, requestLocale: string): Promise<WatchEntity> {
    const watch = await this.requireWatch(watchId);
    const current = await this.alerts.alertsFor(watch.id);
    const email = input.email === undefined ? (current?.email ?? null) : this.cleanEmail(input.email);
    const webhookId = input.webhook === undefined ? (current?.webhookId ?? null) : await this.checkWebhook(input.webhook);
    let frequency: AlertFrequency | null = input.frequency === undefined ? (current?.frequency ?? null) : (input.frequency ?? null);
    if (input.frequency && !email) throw badInput('alerts:errors.frequencyWithoutEmail');
    frequency = email ? (frequency ?? 'IMMEDIATE') : null;
    if (!email && !webhookId) {
      await this.alerts.clearAlerts(watch.id);
      return watch;
    }
    const language = (principal?.locale && this.locales.get(principal.locale) ? principal.locale : null) ?? requestLocale;
    const alerts: StoredWatchAlerts = { watchId: watch.id, email, webhookId, frequency, language };
    await this.alerts.saveAlerts(alerts, principal?.name ?? null);
    return watch;
  }

  /** The URLs of watches' private Atom feeds; a watch's token is made the first time it is asked for, then kept. */
  async feedUrls(watchIds: readonly string[]): Promise<Map<string, string | null>> {
    const stored = await this.alerts.feedTokens(watchIds);
    const urls = new Map<string, string | null>();
    for (const id of watchIds) {
      const kept = stored.get(id) ?? (await this.newFeedToken(id));
      const token = kept ? this.box.open(kept.sealed) : null;
      urls.set(id, token ? `${this.config.publicUrl}/watches/${id}/mentions.atom?token=${token}` : null);
    }
    return urls;
  }

  /**
   * GET /watches/:id/mentions.atom?token=: the watch's mentions (newest first, not the dismissed ones) as Atom.
   * An unknown watch, a missing token and a wrong one get the same NOT_FOUND, after the same work.
   */
  async renderFeed(watchId: string, token: unknown, requestLocale: string): Promise<RenderedWatchFeed> {
    const id = isUuid(watchId) ? watchId : null;
    const stored = id ? await this.alerts.feedToken(id) : null;
    const given = typeof token === 'string' ? token : null;
    const watch = feedTokenMatches(given, stored?.hash ?? null) && id ? await this.watches.findById(id) : null;
    if (!watch || !given) throw notFound('alerts:feed.notFound');
    const alerts = await this.alerts.alertsFor(watch.id);
    const language = alerts && this.locales.get(alerts.language) ? alerts.language : requestLocale;
    const body = renderWatchFeed({
      watchId: watch.id,
      language,
      title: this.translator.t(language, 'alerts:feed.title', { watch: watch.name }),
      subtitle: this.translator.t(language, 'alerts:feed.subtitle', { watch: watch.name }),
      selfUrl: `${this.config.publicUrl}/watches/${watch.id}/mentions.atom?token=${encodeURIComponent(given)}`,
      homeUrl: this.config.publicUrl,
      publisher: 'newsdesk',
      mentions: await this.alerts.feedMentions(watch.id, FEED_ENTRIES),
    });
    return { body, contentType: ATOM_CONTENT_TYPE, language };
  }

  private async newFeedToken(watchId: string) {
    const token = generateFeedToken();
    return this.alerts.keepFeedToken(watchId, hashFeedToken(token), this.box.seal(token));
  }

  private async requireWatch(id: string): Promise<WatchEntity> {
    const watch = isUuid(id) ? await this.watches.findById(id) : null;
    if (!watch) throw notFound('mentions:errors.watchNotFound', { id });
    return watch;
  }

  private cleanEmail(value: string | null): string | null {
    if (value === null) return null;
    const email = value.trim();
    if (!email) return null;
    if (email.length > MAX_EMAIL || !EMAIL.test(email)) throw badInput('alerts:errors.badEmail', { email: email.slice(0, MAX_EMAIL) });
    return email;
  }

  /** A webhook to send MENTION_FOUND to (an existing one); null clears it. */
  private async checkWebhook(id: string | null): Promise<string | null> {
    if (id === null) return null;
    const webhook = await this.webhooks.find(id);
    if (!webhook) throw badInput('alerts:errors.webhookNotFound', { id });
    return webhook.id;
  }

  /** The webhook of a watch's alerts, for WatchAlerts.webhook (null once it was deleted). */
  webhook(id: string | null) {
    return id ? this.webhooks.find(id) : null;
  }
}
