import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity';
import { ArticleRepository } from '../articles/article.repository';
import { ArticlesService } from '../articles/articles.service';
import { cleanTitle } from '../articles/title';
import { TranslationWriter } from '../articles/translation-writer';
import type { Principal } from '../common/principal';
import { sanitizeBodyHtml } from '../common/html';
import { cleanText } from '../common/text';
import { SectionsService } from '../sections/sections.service';
import { DEMO_ARTICLES, DEMO_SECTIONS } from './demo-data';

/** The seeding runs with ADMIN rights, as an operator's script would. */
const SEEDER: Principal = { keyId: 'demo-seed', name: 'demo seed', role: 'ADMIN', locales: [], sectionId: null };

/** Loads the demo sections and articles; running it again adds nothing twice. */
export async function seedDemo(app: INestApplicationContext): Promise<{ sections: number; articles: number }> {
  const sections = app.get(SectionsService);
  const articles = app.get(ArticlesService);
  const writer = app.get(TranslationWriter);
  const articleRepository = app.get(ArticleRepository);
  const dataSource = app.get(DataSource);
  let createdSections = 0;
  let createdArticles = 0;

  for (const section of DEMO_SECTIONS) {
    if (await sections.findBySlug(section.slug)) continue;
    await sections.create(section);
    createdSections++;
  }

  for (const demo of DEMO_ARTICLES) {
    if (await articleRepository.findByCanonicalUrl(demo.canonicalUrl)) continue;
    const article = await articles.create(
      {
        section: demo.section,
        locale: demo.locale,
        title: demo.original.title,
        summary: demo.original.summary,
        bodyHtml: demo.original.bodyHtml,
        canonicalUrl: demo.canonicalUrl,
        publishedAt: new Date(demo.publishedAt),
        authors: demo.authors,
        tags: demo.tags,
      },
      SEEDER,
    );
    await dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(ArticleEntity).findOneByOrFail({ id: article.id });
      for (const [locale, text] of Object.entries(demo.translations)) {
        await writer.insert(manager, row, {
          locale,
          title: cleanTitle(text.title),
          summary: cleanText(text.summary),
          bodyHtml: sanitizeBodyHtml(text.bodyHtml, demo.canonicalUrl),
          url: null,
          status: 'PUBLISHED',
          isOriginal: false,
          translatedBy: 'demo translators',
        });
      }
    });
    createdArticles++;
  }
  return { sections: createdSections, articles: createdArticles };
}
