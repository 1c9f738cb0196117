import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocaleRegistry } from '../i18n/locale-registry';
import { Translator } from '../i18n/translator';
import { DIGEST_NOTIFIER, type Notifier } from './notifier';
import { TranslationQueueRepository } from './translation-queue.repository';

export type DigestCounts = Record<string, { missing: number; stale: number; rejected: number; total: number }>;

export interface DigestRunResult {
  composed: number;
  sent: number;
}

/** Composes text for one translator in `language` (pure apart from the Translator). */
export function composeDigest(
  translator: Translator,
  language: string,
  name: string,
  counts: DigestCounts,
): { subject: string; body: string; total: number } {
  const total = Object.values(counts).reduce((sum, c) => sum + c.total, 0);
  const lines = Object.entries(counts).map(([locale, c]) =>
    translator.t(language, 'translations:digest.line', {
      language: translator.t(language, `languages:${locale}`),
      // Each count has its own plural form ("1 manquante, 2 à mettre à jour").
      missing: translator.t(language, 'translations:digest.missing', { count: c.missing }),
      stale: translator.t(language, 'translations:digest.stale', { count: c.stale }),
      rejected: translator.t(language, 'translations:digest.rejected', { count: c.rejected }),
    }),
  );
  const body = [
    translator.t(language, 'translations:digest.greeting', { name }),
    '',
    ...(total > 0 ? [...lines, '', translator.t(language, 'translations:digest.closing')] : [translator.t(language, 'translations:digest.nothing')]),
  ].join('\n');
  return { subject: translator.t(language, 'translations:digest.subject', { count: total }), body, total };
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
    @Inject(DIGEST_NOTIFIER) private readonly notifier: Notifier,
  ) {}

  async run(day: string): Promise<DigestRunResult> {
    const keys: { id: string; name: string; locales: string[] }[] = await this.dataSource.query(
      `SELECT id, name, locales FROM api_keys WHERE role = 'TRANSLATOR' AND revoked_at IS NULL ORDER BY created_at`,
    );
    const wanted = [...new Set(keys.flatMap((k) => k.locales))].filter((l) => this.locales.get(l));
    const byLocale = await this.queue.countByReason(wanted);
    let composed = 0;
    let sent = 0;
    for (const key of keys) {
      const locales = key.locales.filter((l) => byLocale[l]);
      if (!locales.length) continue;
      const language = locales[0];
      const counts: DigestCounts = Object.fromEntries(
        locales.map((l) => {
          const c = byLocale[l];
          const missing = c.MISSING ?? 0;
          const stale = c.STALE ?? 0;
          const rejected = c.REJECTED ?? 0;
          return [l, { missing, stale, rejected, total: missing + stale + rejected }];
        }),
      );
      const digest = composeDigest(this.translator, language, key.name, counts);
      const [row] = await this.dataSource.query<{ id: string; sentAt: Date | null }[]>(
        `INSERT INTO translation_digests (key_id, day, language, counts, subject, body)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key_id, day) DO UPDATE
           SET language = EXCLUDED.language, counts = EXCLUDED.counts, subject = EXCLUDED.subject, body = EXCLUDED.body
           WHERE translation_digests.sent_at IS NULL
         RETURNING id, sent_at AS "sentAt"`,
        [key.id, day, language, JSON.stringify(counts), digest.subject, digest.body],
      );
      composed++;
      // Already sent today (a retried job): the row was left alone and nothing is sent again.
      if (!row || row.sentAt || digest.total === 0) continue;
      await this.notifier.send({ keyId: key.id, recipient: key.name, language, subject: digest.subject, body: digest.body });
      await this.dataSource.query(`UPDATE translation_digests SET sent_at = now() WHERE id = $1`, [row.id]);
      sent++;
    }
    return { composed, sent };
  }
}
