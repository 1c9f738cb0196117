import { Args, ID, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { TranslationModel } from '../articles';
import { Ctx } from '../graphql/context.decorators';
import { Roles } from '../graphql/roles.decorator';
import type { RequestContext } from '../graphql/request-context';
import { RequestLocaleService } from '../i18n/request-locale.service';
import { ReviewDecision, TranslationInput } from './dto/translation.input';
import { ReviewQueueArgs } from './dto/review-queue.args';
import { TranslationQueueArgs } from './dto/translation-queue.args';
import { LocaleCoverageModel } from './models/locale-coverage.model';
import { TranslationEventModel } from './models/translation-event.model';
import { TranslationTaskChangeModel } from './models/translation-task-change.model';
import { TranslationTaskConnection, TranslationTaskModel } from './models/translation-task.model';
import { RedisPubSub } from '../redis/redis-pubsub';
import { changedChannel, neededChannel, TranslationNeededEvent, TranslationTaskChangeEvent } from './translation-events';
import { TranslationJournal } from './translation-journal';
import { TranslationQueueService } from './translation-queue.service';
import { TranslationWorkflow } from './translation-workflow.service';
import { translatorIn } from './translator-scope';

@Resolver(() => TranslationTaskModel)
export class TranslationsResolver {
  constructor(
    private readonly workflow: TranslationWorkflow,
    private readonly tasks: TranslationQueueService,
    private readonly journal: TranslationJournal,
    private readonly requestLocale: RequestLocaleService,
    private readonly pubsub: RedisPubSub,
  ) {}

  @Roles('TRANSLATOR', 'EDITOR')
  @Query(() => TranslationTaskConnection, {
    description: 'Articles needing a translation in `locale` (MISSING, STALE or REJECTED), newest first. TRANSLATOR (that locale), EDITOR',
  })
  translationQueue(@Args() args: TranslationQueueArgs, @Ctx() ctx: RequestContext) {
    const locale = this.requestLocale.forRequest(ctx, args.locale);
    return this.tasks.taskQueue(locale, args.section, args.first, args.after, ctx.principal, locale);
  }

  @Roles('EDITOR')
  @Query(() => TranslationTaskConnection, { description: 'Submitted translations waiting for review, oldest first (every locale unless one is given). EDITOR' })
  reviewQueue(@Args() args: ReviewQueueArgs, @Ctx() ctx: RequestContext) {
    const locale = args.locale ? this.requestLocale.require(args.locale) : null;
    return this.tasks.reviewQueue(locale, args.section, args.first, args.after, ctx.locale);
  }

  @Query(() => [LocaleCoverageModel], { description: 'Per configured locale: how much of the section (or everything) is translated' })
  translationCoverage(@Args('section', { type: () => String, nullable: true }) section?: string | null) {
    return this.tasks.coverage(section);
  }

  @Roles('EDITOR')
  @Query(() => [TranslationEventModel], { description: 'Every transition of a translation (who, when, from, to, comment). EDITOR, ADMIN' })
  translationHistory(@Args('articleId', { type: () => ID }) articleId: string, @Args('locale') locale: string, @Ctx() ctx: RequestContext) {
    return this.journal.history(articleId, this.requestLocale.forRequest(ctx, locale));
  }

  @Roles('TRANSLATOR', 'EDITOR')
  @Mutation(() => TranslationModel, { description: 'Reserves the task for TRANSLATION_CLAIM_HOURS; CONFLICT if claimed by another' })
  claimTranslation(@Args('articleId', { type: () => ID }) articleId: string, @Args('locale') locale: string, @Ctx() ctx: RequestContext) {
    return this.workflow.claim(articleId, this.requestLocale.forRequest(ctx, locale), ctx.principal);
  }

  @Roles('TRANSLATOR', 'EDITOR')
  @Mutation(() => Boolean, { description: 'Frees a claimed task early (the claimer, or an editor); false when it was not claimed' })
  releaseTranslation(@Args('articleId', { type: () => ID }) articleId: string, @Args('locale') locale: string, @Ctx() ctx: RequestContext) {
    return this.workflow.release(articleId, this.requestLocale.forRequest(ctx, locale), ctx.principal);
  }

  @Roles('TRANSLATOR', 'EDITOR', 'PUBLISHER')
  @Mutation(() => TranslationModel, {
    description:
      "CONFLICT on a stale expectedVersion. On the article's original locale (EDITOR, or the section's PUBLISHER) it edits the original: a new source revision, published at once, which makes the other translations stale.",
  })
  saveTranslation(
    @Args('articleId', { type: () => ID }) articleId: string,
    @Args('locale') locale: string,
    @Args('input') input: TranslationInput,
    @Ctx() ctx: RequestContext,
    @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion?: number | null,
  ) {
    return this.workflow.save(articleId, this.requestLocale.forRequest(ctx, locale), input, expectedVersion, ctx.principal);
  }

  @Roles('TRANSLATOR', 'EDITOR')
  @Mutation(() => TranslationModel, { description: 'Sends the translation for review' })
  submitTranslation(
    @Args('articleId', { type: () => ID }) articleId: string,
    @Args('locale') locale: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @Ctx() ctx: RequestContext,
  ) {
    return this.workflow.submit(articleId, this.requestLocale.forRequest(ctx, locale), expectedVersion, ctx.principal);
  }

  @Roles('EDITOR')
  @Mutation(() => TranslationModel, { description: 'APPROVE publishes a submitted translation; REJECT sends it back with the comment. EDITOR' })
  reviewTranslation(
    @Args('articleId', { type: () => ID }) articleId: string,
    @Args('locale') locale: string,
    @Args('decision', { type: () => ReviewDecision }) decision: ReviewDecision,
    @Ctx() ctx: RequestContext,
    @Args('comment', { type: () => String, nullable: true }) comment?: string | null,
  ) {
    return this.workflow.review(articleId, this.requestLocale.forRequest(ctx, locale), decision, comment, ctx.principal);
  }

  @Roles('TRANSLATOR', 'EDITOR')
  @Subscription(() => TranslationTaskModel, {
    description: 'Fires when an article gains a missing or stale task in `locale`. TRANSLATOR (that locale), EDITOR',
    async resolve(this: TranslationsResolver, event: TranslationNeededEvent, _args: unknown, ctx: RequestContext) {
      return this.tasks.taskFor(event.articleId, event.locale, ctx.locale, event.reason);
    },
  })
  async translationNeeded(@Args('locale') locale: string, @Ctx() ctx: RequestContext) {
    const code = this.requestLocale.require(locale);
    translatorIn(ctx.principal, code);
    return this.pubsub.iterate<TranslationNeededEvent>(neededChannel(code));
  }

  @Roles('TRANSLATOR', 'EDITOR')
  @Subscription(() => TranslationTaskChangeModel, {
    description: 'Fires when a task in `locale` is claimed, released, submitted, published or rejected. TRANSLATOR (that locale), EDITOR',
    resolve: (event: TranslationTaskChangeEvent) => event,
  })
  async translationTaskChanged(@Args('locale') locale: string, @Ctx() ctx: RequestContext) {
    const code = this.requestLocale.require(locale);
    translatorIn(ctx.principal, code);
    return this.pubsub.iterate<TranslationTaskChangeEvent>(changedChannel(code));
  }
}
