import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { canWorkInLocale, canWriteSection, Principal } from '../common/principal';
import { ConnectionShape, toConnection } from '../common/connection';
import { CursorCodec, pageSize } from '../common/cursor';
import { badInput, forbidden, notFound, unauthenticated } from '../common/errors';
import { sanitizeBodyHtml } from '../common/html';
import { mapMaybe, type MaybePromise } from '../common/maybe-promise';
import type { RequestContext } from '../graphql/request-context';
import { cleanOptionalText, isUuid } from '../common/text';
import { LocaleRegistry } from '../i18n/locale-registry';
import { SectionRepository, SectionsService } from '../sections';
import { ReadCache } from '../redis/read-cache';
import { ArticleEntity } from './article.entity';
import { ArticleEvents } from './article-events';
import { ArticleLoaders } from './article.loaders';
import { ArticleFilter, ArticleRepository, type ArticleRead } from './article.repository';
import { CreateArticleInput } from './dto/create-article.input';
import { UpdateArticleInput } from './dto/update-article.input';
import { cleanList, metadataPatch, optionalUrl, validDate } from './metadata';
import { ListArticlesArgs } from './dto/list-articles.args';
import { missingLocales, pickTranslation } from './fallback';
import { TranslationModel } from './models/translation.model';
import { TranslationRepository, type TranslationRead, type TranslationWidth } from './translation.repository';
import { translationModel } from './translation-model';
import { TranslationWriter } from './translation-writer';
import { cleanTitle } from './title';

/** An article as a query returns it: the row, plus the language and fallback the query asked for. */
export type ArticleView = ArticleRead & { view?: { locale: string; fallback: boolean } };

const published = (rows: TranslationRead[]) => rows.filter((t) => t.status === 'PUBLISHED');

/** How wide one article's rows are read: its translations (TranslationWidth) and, with `detail`, the whole article row. */
export interface ArticleReadWidth {
  ctx: RequestContext;
  translations: TranslationWidth;
  detail: boolean;
}

/** What a list loads with its page, for the fields the query selects on its nodes. */
export interface PagePreload {
  ctx: RequestContext;
  translations: boolean;
  sections: boolean;
  /** How much of each translation the request selects anywhere (TranslationWidth). */
  width: TranslationWidth;
  /** Whether it selects one of ARTICLE_DETAIL_FIELDS anywhere: when not, the page's rows are brief. */
  detail: boolean;
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
    private readonly writer: TranslationWriter,
  ) {
    this.cursors = new CursorCodec(config.cursorSecret);
  }

  /** The request's loaders, made by the first caller: one that cannot tell what is selected reads whole rows. */
  loaders(ctx: RequestContext, width: TranslationWidth = 'full'): ArticleLoaders {
    return ctx.loaders.get(() => new ArticleLoaders(this.translations, this.sectionRepository, width), ArticleLoaders);
  }

  async list(args: ListArticlesArgs, locale: string, preload?: PagePreload): Promise<ConnectionShape<ArticleView>> {
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
    const rows = await this.articles.pageNewestFirst(filter, position, size + 1, preload?.detail ?? true);
    // Counted only when asked for, and then once per version of the articles (exact: every write retires it).
    const totalCount = () => this.readCache.count(['articles'], `articles:count:${JSON.stringify(filter)}`, () => this.articles.countMatching(filter));
    const view = { locale, fallback: args.fallback !== false };
    if (preload) await this.preload(preload, rows.slice(0, size).map((r) => r.article));
    const connection = toConnection(rows, size, totalCount, (row) => this.cursors.encode('article', row.position));
    return {
      ...connection,
      edges: connection.edges.map((edge) => ({ cursor: edge.cursor, node: { ...edge.node.article, view } })),
    };
  }

  /**
   * Loads the page's translations and sections (those the query asks for) before its fields are resolved:
   * the fields then answer from the loaded rows without a promise each (the list at 100,000 articles,
   * three alternating pairs of runs: 271, 288, 259 req/s without, 337, 344, 297 with).
   */
  private async preload(preload: PagePreload, page: ArticleRead[]): Promise<void> {
    const loaders = this.loaders(preload.ctx, preload.width);
    await Promise.all([
      preload.translations ? loaders.translations.loadMany(page.map((a) => a.id)) : null,
      preload.sections ? loaders.sections.loadMany(page.map((a) => a.sectionId)) : null,
    ]);
  }

  /**
   * One article by id, or by section and slug (in `locale` when given). Null when there is none to show.
   * With the request's context (`read`), its rows are read as wide as the operation selects, and the section
   * found by its slug is handed to the request's loader.
   */
  async findOne(
    where: { id?: string | null; section?: string | null; slug?: string | null },
    locale: string,
    explicitLocale: boolean,
    read?: ArticleReadWidth,
  ): Promise<ArticleView | null> {
    const detail = read?.detail ?? true;
    const loaders = read && this.loaders(read.ctx, read.translations);
    let article: ArticleRead | null;
    if (where.id) {
      if (!isUuid(where.id)) throw badInput('errors:article.badId', { id: where.id });
      [article = null] = await this.articles.readByIds([where.id], detail);
    } else if (where.section && where.slug) {
      const section = await this.sections.require(where.section);
      loaders?.sections.prime(section.id, section);
      // A slug names the article in one language; the language asked for chooses the text served. A slug of
      // that language wins when two languages happen to share one.
      article = await this.articles.findBySectionSlug(section.id, where.slug, explicitLocale ? locale : null, detail);
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
    const canonicalUrl = optionalUrl(input.canonicalUrl);
    const imageUrl = optionalUrl(input.imageUrl);
    const bodyHtml = input.bodyHtml ? sanitizeBodyHtml(input.bodyHtml, canonicalUrl ?? section.homepage) : null;
    const publishedAt = validDate(input.publishedAt ?? new Date());

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
      await this.writer.insert(manager, article, {
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
    // Cached reads retired; every other locale now has a MISSING task: whoever listens (the desk) tells its subscribers.
    // Readers see the original at once: `articlePublished` subscribers of its locale hear of it.
    await this.events.announce({ created: [created.id], changed: [], published: [{ articleId: created.id, locale, sectionId: section.id }] });
    return { ...created, view: { locale, fallback: true } };
  }

  /**
   * Changes an article's metadata (EDITOR, or the PUBLISHER of its section) by createArticle's rules: an absent
   * field stays, null clears. Lists, counts, feeds and sitemaps show it at once; listeners hear ARTICLE_UPDATED.
   */
  async update(id: string, input: UpdateArticleInput, principal: Principal | null): Promise<ArticleView> {
    if (!principal) throw unauthenticated();
    if (!isUuid(id)) throw badInput('errors:article.badId', { id });
    const article = await this.articles.findById(id);
    if (!article) throw notFound('errors:article.notFound', { id });
    if (!canWriteSection(principal, article.sectionId)) {
      const section = await this.sectionRepository.findById(article.sectionId);
      throw forbidden('errors:auth.sectionScope', { section: section?.slug ?? article.sectionId });
    }
    const patch = metadataPatch(input);
    const updated = await this.dataSource.transaction((m) => this.articles.updateMetadata(m, id, patch));
    if (!updated) throw notFound('errors:article.notFound', { id });
    if (Object.keys(patch).length) await this.events.announce({ created: [], changed: [], shown: [id], updated: [id] });
    return updated; // served in the request's language
  }

  /**
   * Translations the caller may see: published ones to everybody; the others (drafts, submitted, rejected)
   * to EDITOR and ADMIN keys, and to TRANSLATOR keys in their own locales. Revisions of a published
   * translation live in translation_drafts, never here, so readers always see the published text.
   */
  async visibleTranslations(article: ArticleRead, ctx: RequestContext): Promise<TranslationRead[]> {
    const all = await this.loaders(ctx).translations.load(article.id);
    const principal = ctx.principal;
    return all.filter((t) => t.status === 'PUBLISHED' || (principal !== null && canWorkInLocale(principal, t.locale)));
  }

  async publishedTranslations(article: ArticleRead, ctx: RequestContext): Promise<TranslationRead[]> {
    return published(await this.loaders(ctx).translations.load(article.id));
  }

  /** The translation for the request's language along the fallback chain. */
  translationFor(article: ArticleView, ctx: RequestContext, locale: string, fallback: boolean): MaybePromise<TranslationModel | null> {
    return mapMaybe(this.loaders(ctx).translationsOf(article.id), (rows) => this.pick(published(rows), article, locale, fallback));
  }

  private pick(published: TranslationRead[], article: ArticleView, locale: string, fallback: boolean): TranslationModel | null {
    const picked = pickTranslation(published, this.locales.chain(locale, article.originalLocale), fallback);
    return picked ? this.toModel(picked.translation, article, picked.isFallback) : null;
  }

  missingLocales(article: ArticleRead, ctx: RequestContext): MaybePromise<string[]> {
    return mapMaybe(this.loaders(ctx).translationsOf(article.id), (rows) => missingLocales(this.locales.codes, published(rows).map((t) => t.locale)));
  }

  /** A translations row as the API shows it (for this domain's resolvers; other domains use translationModel). */
  toModel(t: TranslationRead, article: ArticleRead, isFallback = false): TranslationModel {
    return translationModel(t, article, this.locales.direction(t.locale), isFallback);
  }

  sectionOf(article: ArticleRead, ctx: RequestContext) {
    return this.loaders(ctx).sectionOf(article.sectionId);
  }
}
