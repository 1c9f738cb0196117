import DataLoader from 'dataloader';
import { type SectionEntity, type SectionRepository } from '../sections';
import type { TranslationEntity } from './translation.entity';
import type { TranslationRepository } from './translation.repository';

/** Per-request batching: a page of 100 articles costs one query for translations and one for sections. */
export class ArticleLoaders {
  readonly translations: DataLoader<string, TranslationEntity[]>;
  readonly sections: DataLoader<string, SectionEntity | null>;

  constructor(translations: TranslationRepository, sections: SectionRepository) {
    this.translations = new DataLoader(async (articleIds) => {
      const rows = await translations.findByArticleIds(articleIds);
      const byArticle = new Map<string, TranslationEntity[]>();
      for (const row of rows) byArticle.set(row.articleId, [...(byArticle.get(row.articleId) ?? []), row]);
      return articleIds.map((id) => byArticle.get(id) ?? []);
    });
    this.sections = new DataLoader(async (ids) => {
      const rows = await sections.findByIds(ids);
      return ids.map((id) => rows.find((s) => s.id === id) ?? null);
    });
  }
}
