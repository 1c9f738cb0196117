import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../graphql/context.decorators';
import type { RequestContext } from '../../graphql/request-context';
import { Roles } from '../../graphql/roles.decorator';
import { RequestLocaleService } from '../../i18n/request-locale.service';
import { MachineSuggestionModel, MemoryMatchModel, TranslationCheckModel } from './help.models';
import { TranslationHelpService } from './translation-help.service';

/** Help beside the editor. `locale` is the target language and, as everywhere in the contract, the request's language. */
@Resolver()
export class TranslationHelpResolver {
  constructor(
    private readonly help: TranslationHelpService,
    private readonly requestLocale: RequestLocaleService,
  ) {}

  @Roles('TRANSLATOR', 'EDITOR')
  @Query(() => [MemoryMatchModel], {
    description: 'Earlier published translations of similar segments, closest first: `text` is the segment, else every segment of the source. TRANSLATOR (that locale), EDITOR',
  })
  translationMemory(
    @Args('articleId', { type: () => ID }) articleId: string,
    @Args('locale') locale: string,
    @Ctx() ctx: RequestContext,
    @Args('text', { type: () => String, nullable: true }) text?: string | null,
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 5 }) limit?: number | null,
  ) {
    return this.help.memoryFor(articleId, this.requestLocale.forRequest(ctx, locale), text, limit ?? 5, ctx.principal);
  }

  @Roles('TRANSLATOR', 'EDITOR')
  @Query(() => [TranslationCheckModel], { description: 'Warnings about the work in `locale` before it is submitted (none blocks). TRANSLATOR (that locale), EDITOR' })
  translationChecks(@Args('articleId', { type: () => ID }) articleId: string, @Args('locale') locale: string, @Ctx() ctx: RequestContext) {
    const code = this.requestLocale.forRequest(ctx, locale);
    return this.help.checks(articleId, code, ctx.principal, ctx.locale);
  }

  @Roles('TRANSLATOR', 'EDITOR')
  @Query(() => MachineSuggestionModel, { nullable: true, description: 'The source machine-translated into `locale`; null when no provider is configured (MT_URL). Never saved' })
  machineSuggestion(@Args('articleId', { type: () => ID }) articleId: string, @Args('locale') locale: string, @Ctx() ctx: RequestContext) {
    return this.help.suggestion(articleId, this.requestLocale.forRequest(ctx, locale), ctx.principal);
  }
}
