import { ResolveField, Resolver } from '@nestjs/graphql';
import { FieldArgs } from '../graphql/field-args';
import type { RequestContext } from '../graphql/request-context';
import { RequestLocaleService } from '../i18n/request-locale.service';
import { SectionModel } from '../sections';
import { alternatesOf } from './alternates';
import { ArticlesService, type ArticleView } from './articles.service';
import { AlternateModel } from './models/alternate.model';
import { ArticleModel, MediaModel } from './models/article.model';
import { TranslationModel } from './models/translation.model';

/**
 * The Article fields that need loaders: batched per request, so a page costs a fixed number of queries.
 * Fields take graphql-js's own (parent, args, context) instead of @Parent()/@Ctx()/@Args() (arguments are
 * declared by @FieldArgs): Nest then binds the method as the field's resolver, without its per-call
 * parameter and pipe machinery (about a quarter of what a 20-article page allocated;
 * docs/benchmarks-notes.md, "Reads at size").
 */
@Resolver(() => ArticleModel)
export class ArticleFieldsResolver {
  constructor(
    private readonly articles: ArticlesService,
    private readonly requestLocale: RequestLocaleService,
  ) {}

  @ResolveField(() => SectionModel)
  section(article: ArticleView, _args: unknown, ctx: RequestContext) {
    return this.articles.sectionOf(article, ctx);
  }

  @ResolveField(() => TranslationModel, {
    nullable: true,
    description: 'In the requested language, else the first of its fallback chain (isFallback); null when fallback is false',
  })
  @FieldArgs({ locale: { type: () => String, nullable: true }, fallback: { type: () => Boolean, nullable: true, defaultValue: true } })
  translation(article: ArticleView, { locale, fallback }: { locale?: string | null; fallback?: boolean | null }, ctx: RequestContext) {
    const wanted = locale ? this.requestLocale.require(locale) : (article.view?.locale ?? ctx.locale);
    const allowFallback = fallback !== false && (locale ? true : (article.view?.fallback ?? true));
    return this.articles.translationFor(article, ctx, wanted, allowFallback);
  }

  @ResolveField(() => [TranslationModel], { description: 'Published ones; the others too for EDITOR and ADMIN keys, and for TRANSLATOR keys in their locales' })
  async translations(article: ArticleView, _args: unknown, ctx: RequestContext) {
    return (await this.articles.visibleTranslations(article, ctx)).map((t) => this.articles.toModel(t, article));
  }

  @ResolveField(() => [String], { description: 'Locales with a published translation' })
  async availableLocales(article: ArticleView, _args: unknown, ctx: RequestContext) {
    return (await this.articles.publishedTranslations(article, ctx)).map((t) => t.locale);
  }

  @ResolveField(() => [AlternateModel], { description: 'One per published translation with a URL, plus x-default (the original)' })
  async alternates(article: ArticleView, _args: unknown, ctx: RequestContext) {
    // Selecting alternates reads the whole row (ARTICLE_DETAIL_FIELDS): canonicalUrl is there.
    return alternatesOf(await this.articles.publishedTranslations(article, ctx), { originalLocale: article.originalLocale, canonicalUrl: article.canonicalUrl ?? null });
  }

  @ResolveField(() => [String], { description: 'Configured locales with no published translation' })
  missingLocales(article: ArticleView, _args: unknown, ctx: RequestContext) {
    return this.articles.missingLocales(article, ctx);
  }

  // Articles read by raw SQL elsewhere (desk, events) may lack these columns: they default, never null.
  @ResolveField(() => [MediaModel], { description: 'Enclosures and media elements of the item' })
  media(article: ArticleView & { media?: MediaModel[] | null }) {
    return article.media ?? [];
  }

  @ResolveField(() => Boolean, { description: "True when the feed's date could not be read and the fetch time stands in" })
  publishedAtEstimated(article: ArticleView & { publishedAtEstimated?: boolean | null }) {
    return article.publishedAtEstimated ?? false;
  }
}
