import { Injectable, Logger } from '@nestjs/common';
import { LocaleRegistry } from '../../i18n/locale-registry';
import { Translator } from '../../i18n/translator';
import { Mailer } from '../../mail/mailer';
import { WebhookDispatcher } from '../../webhooks';
import { WatchRepository } from '../watch.repository';
import { type AlertMail, composeAlertMail } from './alert-mail';
import { type AlertMention, type StoredWatchAlerts, WatchAlertsRepository } from './watch-alerts.repository';

/** A digest lists at most this many mentions (and says how many more there are). */
const DIGEST_LIST_LIMIT = 100;

export interface ImmediateAlertResult {
  outcome: 'sent' | 'skipped';
  email: boolean;
  webhook: boolean;
}

export interface DailyAlertResult {
  watches: number;
  sent: number;
}

/**
 * Sends a watch's alerts in the worker: an e-mail per new mention (IMMEDIATE) or one digest a day (DAILY), in
 * the language stored with the alerts. Without SMTP (SMTP_URL empty) the message goes to the log instead.
 */
@Injectable()
export class MentionAlertSender {
  private readonly logger = new Logger('MentionAlerts');

  constructor(
    private readonly alerts: WatchAlertsRepository,
    private readonly watches: WatchRepository,
    private readonly mailer: Mailer,
    private readonly translator: Translator,
    private readonly locales: LocaleRegistry,
    private readonly webhooks: WebhookDispatcher,
  ) {}

  /** The alerts of one new mention: its webhook's MENTION_FOUND, its e-mail unless daily. Skipped when the mention, watch or alerts are gone. */
  async immediate(mentionId: string): Promise<ImmediateAlertResult> {
    const mention = await this.alerts.mention(mentionId);
    const alerts = mention ? await this.alerts.alertsFor(mention.watchId) : null;
    const watch = mention && alerts ? await this.watches.findById(mention.watchId) : null;
    if (!mention || !alerts || !watch) return { outcome: 'skipped', email: false, webhook: false };
    // MENTION_FOUND to the watch's webhook, keyed by the mention: delivered once, also if the webhook subscribed to every MENTION_FOUND.
    const data = { id: mention.id, url: mention.url, watchId: mention.watchId, matchedTerms: mention.matchedTerms };
    const webhook = alerts.webhookId ? await this.webhooks.enqueue(alerts.webhookId, 'MENTION_FOUND', { key: mention.id, data }) : false;
    let email = false;
    if (alerts.email && alerts.frequency !== 'DAILY') {
      await this.mail(alerts, this.compose(alerts, watch.name, [mention]));
      email = true;
    }
    return { outcome: email || webhook ? 'sent' : 'skipped', email, webhook };
  }

  /** Today's digest of every watch with daily e-mail: one message per watch with NEW mentions since the last one. */
  async daily(day: string): Promise<DailyAlertResult> {
    const daily = await this.alerts.dailyAlerts();
    let sent = 0;
    for (const alerts of daily) {
      const claimed = await this.alerts.claimDigest(alerts.watchId, day, DIGEST_LIST_LIMIT);
      // Already sent today (a retried job): nothing is sent twice.
      if (!claimed) continue;
      if (claimed.total > 0) {
        await this.mail(alerts, this.compose(alerts, alerts.watchName, claimed.mentions, { day, total: claimed.total }));
        sent++;
      }
      await this.alerts.digestSent(claimed.digestId);
    }
    return { watches: daily.length, sent };
  }

  private compose(alerts: StoredWatchAlerts, watchName: string, mentions: AlertMention[], digest?: { day: string; total: number }): AlertMail {
    const language = this.languageOf(alerts);
    return composeAlertMail(this.translator, language, mentions, { watchName, direction: this.locales.direction(language), ...digest });
  }

  /** The language stored with the alerts, unless that locale is no longer served. */
  private languageOf(alerts: StoredWatchAlerts): string {
    return this.locales.get(alerts.language) ? alerts.language : this.locales.defaultLocale;
  }

  private async mail(alerts: StoredWatchAlerts, mail: AlertMail): Promise<void> {
    if (!this.mailer.enabled) {
      this.logger.log(`mail is off (SMTP_URL): alert for watch ${alerts.watchId} logged instead\n${mail.subject}\n${mail.text}`);
      return;
    }
    await this.mailer.send({ to: alerts.email!, subject: mail.subject, text: mail.text, html: mail.html, language: this.languageOf(alerts) });
  }
}
