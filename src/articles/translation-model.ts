import type { TextDirection as Direction } from '../i18n/locale-registry';
import type { TextDirection } from '../i18n/models/locale.model';
import type { ArticleEntity } from './article.entity';
import { TranslationModel, TranslationStatusEnum } from './models/translation.model';
import type { TranslationRead } from './translation.repository';

const UNREAD = new Date(0);

/**
 * A translations row as the API shows it. `direction` is the language's (LocaleRegistry.direction);
 * a translation is stale when it was made from an older revision of the original. A brief row (read for a
 * request that selects no body) shows no body, and a lean one none of TRANSLATION_DETAIL_FIELDS: nobody asked
 * for them, so what stands in for them is never shown.
 */
export function translationModel(t: TranslationRead, article: Pick<ArticleEntity, 'sourceRevision'>, direction: Direction, isFallback = false): TranslationModel {
  return {
    locale: t.locale,
    direction: direction as TextDirection,
    title: t.title,
    summary: t.summary,
    bodyHtml: t.bodyHtml ?? null,
    slug: t.slug,
    url: t.url ?? null,
    status: t.status as TranslationStatusEnum,
    isOriginal: t.isOriginal,
    isFallback,
    isStale: !t.isOriginal && (t.sourceRevision ?? 0) < article.sourceRevision,
    version: t.version ?? 0,
    translatedBy: t.translatedBy ?? null,
    updatedAt: t.updatedAt ?? UNREAD,
  };
}
