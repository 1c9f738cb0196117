import { randomBytes } from 'node:crypto';
import { ArticleEntity } from '../../src/articles/article.entity';
import { TranslationWriter } from '../../src/articles/translation-writer';
import type { TestApp } from './test-app';

const unique = () => randomBytes(4).toString('hex');

export interface SectionFixture {
  id: string;
  slug: string;
}

/** A section through the API, with defaults and overrides; slugs are unique per call. */
export async function makeSection(
  t: TestApp,
  adminKey: string,
  overrides: Partial<{ slug: string; names: Record<string, string>; country: string | null; defaultLocale: string; homepage: string }> = {},
): Promise<SectionFixture> {
  const input = {
    slug: `section-${unique()}`,
    names: { en: 'Test section', sv: 'Testsektion' },
    country: 'SE',
    defaultLocale: 'en',
    homepage: 'https://example.org/',
    ...overrides,
  };
  const res = await t.gql(`mutation($input: CreateSectionInput!) { createSection(input: $input) { id slug } }`, {
    key: adminKey,
    variables: { input },
  });
  if (res.errors) throw new Error(`makeSection: ${JSON.stringify(res.errors)}`);
  return res.data!.createSection;
}

export interface ArticleFixture {
  id: string;
}

/** An article through the API (its original translation is published at once). */
export async function makeArticle(
  t: TestApp,
  key: string,
  section: string,
  overrides: Partial<{
    locale: string;
    title: string;
    summary: string;
    bodyHtml: string;
    canonicalUrl: string;
    publishedAt: string;
    tags: string[];
    authors: string[];
  }> = {},
): Promise<ArticleFixture> {
  const input = { section, locale: 'en', title: `Article ${unique()}`, bodyHtml: '<p>Body</p>', ...overrides };
  const res = await t.gql(`mutation($input: CreateArticleInput!) { createArticle(input: $input) { id } }`, {
    key,
    variables: { input },
  });
  if (res.errors) throw new Error(`makeArticle: ${JSON.stringify(res.errors)}`);
  return res.data!.createArticle;
}

export { unique };

/** A translation written straight through the articles domain's TranslationWriter (the translation desk is tested on its own). */
export async function addTranslation(
  t: TestApp,
  articleId: string,
  locale: string,
  title: string,
  status: 'DRAFT' | 'IN_PROGRESS' | 'SUBMITTED' | 'PUBLISHED' | 'REJECTED' = 'PUBLISHED',
): Promise<void> {
  const writer = t.app.get(TranslationWriter);
  await t.dataSource.transaction(async (manager) => {
    const article = await manager.getRepository(ArticleEntity).findOneByOrFail({ id: articleId });
    await writer.insert(manager, article, {
      locale,
      title,
      summary: null,
      bodyHtml: `<p>${title}</p>`,
      url: null,
      status,
      isOriginal: false,
      translatedBy: 'test translator',
    });
  });
}
