import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocaleRegistry } from '../i18n/locale-registry';
import { Translator } from '../i18n/translator';
import { AppConfig } from '../config/app-config';
import { composeDigestMail } from './digest-mail';
import type { DigestCounts } from './digest-text';
import { DIGEST_NOTIFIER, type Notifier } from './notifier';
import { TranslationQueueRepository } from './translation-queue.repository';

export interface DigestRunResult {
  composed: number;
  sent: number;
}

/**
 * The daily digest: for every active TRANSLATOR key, how many tasks wait in its locales, in its
 * language (the first of its locales). Stored once per key and day; sent once (sent_at), so a retried
 * or duplicated job neither duplicates rows nor messages.
 */
@Injectable()
export class TranslationDigestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: TranslationQueueRepository,
    private readonly translator: Translator,
    private readonly locales: LocaleRegistry,
    private readonly config: AppConfig,
    @Inject(DIGEST_NOTIFIER) private readonly notifier: Notifier,
  ) {}

  async run(day: string): Promise<DigestRunResult> {
    const keys: { id: string; name: string; locales: string[]; email: string | null; locale: string | null }[] = await this.dataSource.query(
      `SELECT id, name, locales, email, locale FROM api_keys WHERE role = 'TRANSLATOR' AND revoked_at IS NULL ORDER BY created_at`,
    );
    const wanted = [...new Set(keys.flatMap((k) => k.locales))].filter((l) => this.locales.get(l));
    const byLocale = await this.queue.countByReason(wanted);
    let composed = 0;
    let sent = 0;
    for (const key of keys) {
      const locales = key.locales.filter((l) => byLocale[l]);
      if (!locales.length) continue;
      // The key's mail language when set (keys CLI --locale), else its first locale.
      const language = key.locale && this.locales.get(key.locale) ? key.locale : locales[0];
      const counts: DigestCounts = Object.fromEntries(
        locales.map((l) => {
          const c = byLocale[l];
          const missing = c.MISSING ?? 0;
          const stale = c.STALE ?? 0;
          const rejected = c.REJECTED ?? 0;
          return [l, { missing, stale, rejected, total: missing + stale + rejected }];
        }),
      );
      const digest = composeDigestMail(this.translator, language, key.name, counts, {
        day,
        deskUrl: `${this.config.publicUrl}/desk/`,
        direction: this.locales.get(language)?.direction ?? 'LTR',
      });
      const [row] = await this.dataSource.query<{ id: string; sentAt: Date | null }[]>(
        `INSERT INTO translation_digests (key_id, day, language, counts, subject, body)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key_id, day) DO UPDATE
           SET language = EXCLUDED.language, counts = EXCLUDED.counts, subject = EXCLUDED.subject, body = EXCLUDED.body
           WHERE translation_digests.sent_at IS NULL
         RETURNING id, sent_at AS "sentAt"`,
        [key.id, day, language, JSON.stringify(counts), digest.subject, digest.text],
      );
      composed++;
      // Already sent today (a retried job): the row was left alone and nothing is sent again.
      if (!row || row.sentAt || digest.total === 0) continue;
      await this.notifier.send({ keyId: key.id, recipient: key.name, email: key.email, language, subject: digest.subject, body: digest.text, html: digest.html });
      await this.dataSource.query(`UPDATE translation_digests SET sent_at = now() WHERE id = $1`, [row.id]);
      sent++;
    }
    return { composed, sent };
  }
}
