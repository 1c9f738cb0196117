import type { TextDirection as Direction } from '../i18n/locale-registry';
import type { TextDirection } from '../i18n/models/locale.model';
import type { ArticleEntity } from './article.entity';
import { TranslationModel, TranslationStatusEnum } from './models/translation.model';
import type { TranslationRead } from './translation.repository';

/**
 * A translations row as the API shows it. `direction` is the language's (LocaleRegistry.direction);
 * a translation is stale when it was made from an older revision of the original. A brief row (read for a
 * request that selects no body) shows no body: nobody asked for one.
 */
export function translationModel(t: TranslationRead, article: Pick<ArticleEntity, 'sourceRevision'>, direction: Direction, isFallback = false): TranslationModel {
  return {
    locale: t.locale,
    direction: direction as TextDirection,
    title: t.title,
    summary: t.summary,
    bodyHtml: t.bodyHtml ?? null,
    slug: t.slug,
    url: t.url,
    status: t.status as TranslationStatusEnum,
    isOriginal: t.isOriginal,
    isFallback,
    isStale: !t.isOriginal && t.sourceRevision < article.sourceRevision,
    version: t.version,
    translatedBy: t.translatedBy,
    updatedAt: t.updatedAt,
  };
}
