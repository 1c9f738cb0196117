import DataLoader from 'dataloader';
import { type SectionEntity, type SectionRepository } from '../sections';
import type { TranslationRead, TranslationRepository, TranslationWidth } from './translation.repository';

/** Per-request batching: a page of 100 articles costs one query for translations and one for sections. */
export class ArticleLoaders {
  readonly translations: DataLoader<string, TranslationRead[]>;
  readonly sections: DataLoader<string, SectionEntity | null>;
  /** The rows of batches already answered, read synchronously by the fields of a preloaded page. */
  private readonly loadedTranslations = new Map<string, TranslationRead[]>();
  private readonly loadedSections = new Map<string, SectionEntity | null>();

  /** `width`: how much of each translation the request selects (TranslationWidth). */
  constructor(translations: TranslationRepository, sections: SectionRepository, width: TranslationWidth) {
    this.translations = new DataLoader(async (articleIds) => {
      const rows = await translations.readByArticleIdsAs(articleIds, width);
      const byArticle = new Map<string, TranslationRead[]>();
      for (const row of rows) byArticle.set(row.articleId, [...(byArticle.get(row.articleId) ?? []), row]);
      return articleIds.map((id) => {
        const found = byArticle.get(id) ?? [];
        this.loadedTranslations.set(id, found);
        return found;
      });
    });
    this.sections = new DataLoader(async (ids) => {
      const rows = await sections.findByIds(ids);
      return ids.map((id) => {
        const found = rows.find((s) => s.id === id) ?? null;
        this.loadedSections.set(id, found);
        return found;
      });
    });
  }

  /** An article's translations: the rows themselves once loaded in this request, else a promise of them. */
  translationsOf(articleId: string): TranslationRead[] | Promise<TranslationRead[]> {
    return this.loadedTranslations.get(articleId) ?? this.translations.load(articleId);
  }

  /** A section: the row itself once loaded in this request, else a promise of it. */
  sectionOf(id: string): SectionEntity | null | Promise<SectionEntity | null> {
    const loaded = this.loadedSections.get(id);
    return loaded !== undefined ? loaded : this.sections.load(id);
  }
}
