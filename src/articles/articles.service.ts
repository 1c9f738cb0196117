import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { canWorkInLocale, canWriteSection, Principal } from '../common/principal';
import { ConnectionShape, toConnection } from '../common/connection';
import { CursorCodec, pageSize } from '../common/cursor';
import { badInput, forbidden, unauthenticated } from '../common/errors';
import { sanitizeBodyHtml } from '../common/html';
import type { RequestContext } from '../graphql/request-context';
import { cleanOptionalText, cleanText, httpUrl, isUuid } from '../common/text';
import { LocaleRegistry } from '../i18n/locale-registry';
import { TextDirection } from '../i18n/models/locale.model';
import { SectionRepository, SectionsService } from '../sections';
import { ReadCache } from '../redis/read-cache';
import { ArticleEntity } from './article.entity';
import { ArticleEvents } from './article-events';
import { ArticleLoaders } from './article.loaders';
import { ArticleFilter, ArticleRepository } from './article.repository';
import { CreateArticleInput } from './dto/create-article.input';
import { ListArticlesArgs } from './dto/list-articles.args';
import { missingLocales, pickTranslation } from './fallback';
import { TranslationModel, TranslationStatusEnum } from './models/translation.model';
import { slugify, uniqueSlug } from './slug';
import { TranslationEntity } from './translation.entity';
import { TranslationRepository } from './translation.repository';
import { searchTextOf } from '../common/search-text';
import { SEARCH_VECTOR_SQL } from '../database/search-rebuild';

/** An article as a query returns it: the row, plus the language and fallback the query asked for. */
export type ArticleView = ArticleEntity & { view?: { locale: string; fallback: boolean } };


export const TITLE_MAX = 500;

/** Title rule shared by every write: NFC, trimmed, 1 to 500 characters. */
export function cleanTitle(title: string): string {
  const cleaned = cleanText(title);
  if (cleaned.length < 1) throw badInput('errors:article.titleEmpty');
  if ([...cleaned].length > TITLE_MAX) throw badInput('errors:article.titleTooLong', { max: TITLE_MAX });
  return cleaned;
}

@Injectable()
export class ArticlesService {
  private readonly cursors: CursorCodec;

  constructor(
    private readonly dataSource: DataSource,
    private readonly articles: ArticleRepository,
    private readonly translations: TranslationRepository,
    private readonly sectionRepository: SectionRepository,
    private readonly sections: SectionsService,
    private readonly locales: LocaleRegistry,
    config: AppConfig,
    private readonly events: ArticleEvents,
    private readonly readCache: ReadCache,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  loaders(ctx: RequestContext): ArticleLoaders {
    return ctx.loaders.get(() => new ArticleLoaders(this.translations, this.sectionRepository), ArticleLoaders);
  }

  async list(args: ListArticlesArgs, locale: string): Promise<ConnectionShape<ArticleView>> {
    const size = pageSize(args.first);
    const position = this.cursors.decodeKeyset('article', args.after);
    const filter: ArticleFilter = {
      tag: args.tag ?? undefined,
      publishedAfter: args.publishedAfter ?? undefined,
      publishedBefore: args.publishedBefore ?? undefined,
      publishedIn: args.fallback === false ? locale : undefined,
    };
    if (args.publishedAfter && args.publishedBefore && args.publishedAfter >= args.publishedBefore) {
      throw badInput('errors:article.badDateRange');
    }
    if (args.section) filter.sectionId = (await this.sections.require(args.section)).id;
    const rows = await this.articles.pageNewestFirst(filter, position, size + 1);
    // Counted only when asked for, and then once per version of the articles (exact: every write retires it).
    const totalCount = () => this.readCache.remember(['articles'], `articles:count:${JSON.stringify(filter)}`, () => this.articles.countMatching(filter));
    const view = { locale, fallback: args.fallback !== false };
    const connection = toConnection(rows, size, totalCount, (row) => this.cursors.encode('article', row.position));
    return {
      ...connection,
      edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: { ...edge.node.article, view } })),
    };
  }

  /** One article by id, or by section and slug (in `locale` when given). Null when there is none to show. */
  async findOne(
    where: { id?: string | null; section?: string | null; slug?: string | null },
    locale: string,
    explicitLocale: boolean,
  ): Promise<ArticleView | null> {
    let article: ArticleEntity | null;
    if (where.id) {
      if (!isUuid(where.id)) throw badInput('errors:article.badId', { id: where.id });
      article = await this.articles.findById(where.id);
    } else if (where.section && where.slug) {
      const section = await this.sections.require(where.section);
      // A slug names the article in one language; the language asked for chooses the text served. A slug of
      // that language wins when two languages happen to share one.
      const translation =
        (explicitLocale ? await this.translations.findBySectionAndSlug(section.id, where.slug, locale) : null) ??
        (await this.translations.findBySectionAndSlug(section.id, where.slug));
      article = translation ? await this.articles.findById(translation.articleId) : null;
    } else {
      throw badInput('errors:article.lookupNeedsIdOrSlug');
    }
    return article ? { ...article, view: { locale, fallback: true } } : null;
  }

  /** Creates an article with its original-language text, published at once (and served in that language). */
  async create(input: CreateArticleInput, principal: Principal | null): Promise<ArticleView> {
    if (!principal) throw unauthenticated();
    const section = await this.sections.require(input.section);
    if (!canWriteSection(principal, section.id)) throw forbidden('errors:auth.sectionScope', { section: section.slug });
    const locale = this.locales.require(input.locale);
    const title = cleanTitle(input.title);
    const canonicalUrl = this.optionalUrl(input.canonicalUrl);
    const imageUrl = this.optionalUrl(input.imageUrl);
    const bodyHtml = input.bodyHtml ? sanitizeBodyHtml(input.bodyHtml, canonicalUrl ?? section.homepage) : null;
    const publishedAt = input.publishedAt ?? new Date();
    if (Number.isNaN(publishedAt.getTime())) throw badInput('errors:common.badDate');
    const cleanList = (values?: string[] | null) => [...new Set((values ?? []).map(cleanText).filter(Boolean))];

    const created = await this.dataSource.transaction(async (manager) => {
      const article = await manager.getRepository(ArticleEntity).save(
        manager.getRepository(ArticleEntity).create({
          sectionId: section.id,
          originalLocale: locale,
          canonicalUrl,
          publishedAt,
          authors: cleanList(input.authors),
          tags: cleanList(input.tags),
          imageUrl,
          sourceRevision: 1,
        }),
      );
      await this.insertTranslation(manager, article, {
        locale,
        title,
        summary: cleanOptionalText(input.summary),
        bodyHtml,
        url: canonicalUrl,
        status: 'PUBLISHED',
        isOriginal: true,
        translatedBy: null,
      });
      return article;
    });
    await this.readCache.bump('articles', 'desk');
    // Every other locale now has a MISSING task: whoever listens (the desk) tells its subscribers.
    await this.events.announce({ created: [created.id], changed: [] });
    return { ...created, view: { locale, fallback: true } };
  }

  /**
   * Inserts a translation with a slug unique in its section and language. Exposed for the other
   * domains that write translations (the translation desk, ingestion).
   */
  async insertTranslation(
    manager: EntityManager,
    article: ArticleEntity,
    t: Pick<TranslationEntity, 'locale' | 'title' | 'summary' | 'bodyHtml' | 'url' | 'status' | 'isOriginal' | 'translatedBy'> & {
      slug?: string | null;
    },
  ): Promise<TranslationEntity> {
    const base = slugify(t.slug ? t.slug : t.title, `article-${randomBytes(4).toString('hex')}`);
    const taken = await this.translations.takenSlugs(article.sectionId, t.locale, base, manager);
    const search = searchTextOf(t);
    // Another writer may take the same free slug between our read and our insert: the unique index
    // decides, ON CONFLICT keeps the transaction alive, and we try the next free slug.
    for (;;) {
      const slug = uniqueSlug(base, taken);
      const rows = await manager.query<{ id: string }[]>(
        `INSERT INTO translations (article_id, section_id, locale, title, summary, body_html, url, slug, status,
                                   is_original, version, source_revision, translated_by, search_vector)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, ${SEARCH_VECTOR_SQL('$13', '$14', '$15', '$16')})
         ON CONFLICT (section_id, locale, slug) DO NOTHING
         RETURNING id`,
        [article.id, article.sectionId, t.locale, t.title, t.summary, t.bodyHtml, t.url, slug, t.status, t.isOriginal,
          article.sourceRevision, t.translatedBy, search.config, search.title, search.summary, search.body],
      );
      if (rows.length) return manager.getRepository(TranslationEntity).findOneByOrFail({ id: rows[0].id });
      taken.add(slug);
    }
  }

  /**
   * Translations the caller may see: published ones to everybody; the others (drafts, submitted, rejected)
   * to EDITOR and ADMIN keys, and to TRANSLATOR keys in their own locales. Revisions of a published
   * translation live in translation_drafts, never here, so readers always see the published text.
   */
  async visibleTranslations(article: ArticleEntity, ctx: RequestContext): Promise<TranslationEntity[]> {
    const all = await this.loaders(ctx).translations.load(article.id);
    const principal = ctx.principal;
    return all.filter((t) => t.status === 'PUBLISHED' || (principal !== null && canWorkInLocale(principal, t.locale)));
  }

  async publishedTranslations(article: ArticleEntity, ctx: RequestContext): Promise<TranslationEntity[]> {
    return (await this.loaders(ctx).translations.load(article.id)).filter((t) => t.status === 'PUBLISHED');
  }

  /** The translation for the request's language along the fallback chain. */
  async translationFor(article: ArticleView, ctx: RequestContext, locale: string, fallback: boolean): Promise<TranslationModel | null> {
    const published = await this.publishedTranslations(article, ctx);
    const picked = pickTranslation(published, this.locales.chain(locale, article.originalLocale), fallback);
    return picked ? this.toModel(picked.translation, article, picked.isFallback) : null;
  }

  async missingLocales(article: ArticleEntity, ctx: RequestContext): Promise<string[]> {
    const published = await this.publishedTranslations(article, ctx);
    return missingLocales(this.locales.codes, published.map((t) => t.locale));
  }

  toModel(t: TranslationEntity, article: ArticleEntity, isFallback = false): TranslationModel {
    return {
      locale: t.locale,
      direction: this.locales.direction(t.locale) as TextDirection,
      title: t.title,
      summary: t.summary,
      bodyHtml: t.bodyHtml,
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

  sectionOf(article: ArticleEntity, ctx: RequestContext) {
    return this.loaders(ctx).sections.load(article.sectionId);
  }


  private optionalUrl(value?: string | null): string | null {
    if (!value) return null;
    const url = httpUrl(value.trim());
    if (!url) throw badInput('errors:common.badUrl', { url: value });
    return url;
  }
}
