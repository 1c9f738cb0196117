import { Args, ID, Info, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { loadEach } from '../graphql/subscriptions';
import { Ctx } from '../graphql/context.decorators';
import { Roles } from '../graphql/roles.decorator';
import { operationSelects, selectsNodeFields } from '../graphql/selection';
import type { RequestContext } from '../graphql/request-context';
import { RequestLocaleService } from '../i18n/request-locale.service';
import { ArticleEvents } from './article-events';
import { ARTICLE_DETAIL_FIELDS } from './article.repository';
import { ArticlesService, type ArticleView } from './articles.service';
import { CreateArticleInput } from './dto/create-article.input';
import { ListArticlesArgs } from './dto/list-articles.args';
import { UpdateArticleInput } from './dto/update-article.input';
import { ArticleConnection, ArticleModel } from './models/article.model';
import { TRANSLATION_DETAIL_FIELDS, type TranslationWidth } from './translation.repository';

/** Article fields answered from the article's translations, and from its section. */
const NEEDS_TRANSLATIONS = new Set(['translation', 'translations', 'availableLocales', 'alternates', 'missingLocales']);
const NEEDS_SECTION = new Set(['section']);
/** Translation fields read from the body column. */
const BODY_FIELDS = ['bodyHtml'];

/** How much of each translation an operation needs: its body, the columns of TRANSLATION_DETAIL_FIELDS, both or neither. */
function translationWidth(info: GraphQLResolveInfo): TranslationWidth {
  const detail = operationSelects(info, TRANSLATION_DETAIL_FIELDS);
  if (operationSelects(info, BODY_FIELDS)) return detail ? 'full' : 'leanWithBody';
  return detail ? 'brief' : 'lean';
}

/** How wide the article query reads its article and translation rows for this operation (ArticleReadWidth). */
const readWidth = (info: GraphQLResolveInfo) => ({ translations: translationWidth(info), detail: operationSelects(info, ARTICLE_DETAIL_FIELDS) });

@Resolver(() => ArticleModel)
export class ArticlesResolver {
  constructor(
    private readonly service: ArticlesService,
    private readonly requestLocale: RequestLocaleService,
    private readonly events: ArticleEvents,
  ) {}

  @Query(() => ArticleConnection, { description: 'Published articles, newest first' })
  articles(@Args() args: ListArticlesArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo) {
    const preload = {
      ctx,
      translations: selectsNodeFields(info, NEEDS_TRANSLATIONS),
      sections: selectsNodeFields(info, NEEDS_SECTION),
      width: translationWidth(info),
      detail: operationSelects(info, ARTICLE_DETAIL_FIELDS),
    };
    return this.service.list(args, this.requestLocale.forRequest(ctx, args.locale), preload);
  }

  @Query(() => ArticleModel, { nullable: true })
  article(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args('id', { type: () => ID, nullable: true }) id?: string | null,
    @Args('section', { type: () => String, nullable: true }) section?: string | null,
    @Args('slug', { type: () => String, nullable: true }) slug?: string | null,
    @Args('locale', { type: () => String, nullable: true }) locale?: string | null,
  ): Promise<ArticleView | null> {
    return this.service.findOne({ id, section, slug }, this.requestLocale.forRequest(ctx, locale), !!locale, { ctx, ...readWidth(info) });
  }

  @Roles('EDITOR', 'PUBLISHER')
  @Mutation(() => ArticleModel, { description: "Creates an article with its original-language text, published at once" })
  createArticle(@Args('input') input: CreateArticleInput, @Ctx() ctx: RequestContext) {
    return this.service.create(input, ctx.principal);
  }

  @Roles('EDITOR', 'PUBLISHER')
  @Mutation(() => ArticleModel, { description: "Changes an article's metadata (EDITOR, or the PUBLISHER of its section): an absent field stays, null clears" })
  updateArticle(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateArticleInput, @Ctx() ctx: RequestContext) {
    return this.service.update(id, input, ctx.principal);
  }

  @Subscription(() => ArticleModel, {
    description:
      'Fires once per article and locale whenever a text becomes visible to readers (a new original from any source, an edited original, an approved or ingested translation), in `locale` and `section` when given',
    // The iterator yields loaded articles (never null: an article deleted by delivery is skipped); each
    // event has loaders of its own (subscribeWithEventLoaders), so a second publication shows its new text.
    resolve: (article: ArticleView) => article,
  })
  async articlePublished(
    @Args('locale', { type: () => String, nullable: true }) locale?: string | null,
    @Args('section', { type: () => String, nullable: true }) section?: string | null,
  ) {
    const events = await this.events.subscribe(locale ? this.requestLocale.require(locale) : null, section ?? null);
    return loadEach(events, (event) => this.service.findOne({ id: event.articleId }, event.locale, true));
  }
}
