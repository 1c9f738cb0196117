import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Ctx } from '../graphql/context.decorators';
import { hasRole } from '../common/principal';
import { Roles } from '../graphql/roles.decorator';
import { forbidden, unauthenticated } from '../common/errors';
import type { RequestContext } from '../graphql/request-context';
import { SectionModel, SectionEntity, SectionRepository } from '../sections';
import { RegisterFeedInput } from './dto/register-feed.input';
import { UpdateFeedInput } from './dto/update-feed.input';
import { FeedsService, type FeedView } from './feeds.service';
import { FeedStatusEnum } from '../feed-reader/feed-status.model';
import { FeedModel, IngestJobModel } from './models/feed.model';
import { PushStatusModel } from './models/push-status.model';
import { PushService } from './push/push.service';

class FeedLoaders {
  constructor(
    readonly sections: DataLoader<string, SectionEntity | null>,
    readonly bySection: DataLoader<string, FeedView[]>,
  ) {}
}

@Resolver(() => FeedModel)
export class FeedsResolver {
  constructor(
    private readonly service: FeedsService,
    private readonly push: PushService,
    private readonly sections: SectionRepository,
  ) {}

  @Roles('EDITOR')
  @Query(() => [FeedModel], { description: 'Feeds with their status and schedule (EDITOR, ADMIN)' })
  feeds(
    @Args('section', { type: () => String, nullable: true }) section?: string | null,
    @Args('status', { type: () => FeedStatusEnum, nullable: true }) status?: FeedStatusEnum | null,
  ) {
    return this.service.list(section, status);
  }

  @Roles('EDITOR')
  @Mutation(() => FeedModel)
  registerFeed(@Args('input') input: RegisterFeedInput) {
    return this.service.register(input);
  }

  @Roles('EDITOR')
  @Mutation(() => [FeedModel], { description: 'Registers every feed outline of an OPML document' })
  importOpml(@Args('section') section: string, @Args('opml') opml: string) {
    return this.service.importOpml(section, opml);
  }

  @Roles('EDITOR')
  @Mutation(() => FeedModel, { description: 'Changes locale and interval (EDITOR, ADMIN): an absent field stays, null clears' })
  updateFeed(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateFeedInput) {
    return this.service.update(id, input);
  }

  @Roles('EDITOR')
  @Mutation(() => Boolean, { description: 'Deletes a feed (EDITOR, ADMIN); its articles stay, a poll in flight is discarded' })
  deleteFeed(@Args('id', { type: () => ID }) id: string) {
    return this.service.delete(id);
  }

  @Roles('EDITOR')
  @Mutation(() => FeedModel)
  pauseFeed(@Args('id', { type: () => ID }) id: string) {
    return this.service.pause(id);
  }

  @Roles('EDITOR')
  @Mutation(() => FeedModel, { description: 'Back to ACTIVE, also from DISABLED; due at once' })
  resumeFeed(@Args('id', { type: () => ID }) id: string) {
    return this.service.resume(id);
  }

  @Roles('EDITOR')
  @Mutation(() => IngestJobModel, { description: 'Poll now' })
  refreshFeed(@Args('id', { type: () => ID }) id: string) {
    return this.service.refresh(id);
  }

  @Roles('ADMIN')
  @Mutation(() => String, { description: "A new push secret for the section, shown this once; the previous one keeps working for PUSH_SECRET_OVERLAP_HOURS" })
  rotatePushSecret(@Args('section') section: string) {
    return this.push.rotate(section);
  }

  @Roles('PUBLISHER')
  @Query(() => PushStatusModel, { nullable: true, description: "A push's state (ADMIN, or the PUBLISHER of its section); null when unknown" })
  pushStatus(@Args('id', { type: () => ID }) id: string, @Ctx() ctx: RequestContext) {
    return this.push.status(id, ctx.principal!, ctx.locale);
  }

  @Roles('EDITOR')
  @Mutation(() => Boolean, { description: 'Deletes an article; feeds will not bring it back (EDITOR, ADMIN)' })
  deleteArticle(@Args('id', { type: () => ID }) id: string, @Ctx() ctx: RequestContext) {
    return this.service.deleteArticle(id, ctx.principal);
  }

  @ResolveField(() => SectionModel)
  section(@Parent() feed: FeedView, @Ctx() ctx: RequestContext) {
    return this.loaders(ctx).sections.load(feed.sectionId);
  }

  @ResolveField(() => String, { nullable: true, description: "The last failure, in the request's language" })
  lastError(@Parent() feed: FeedView, @Ctx() ctx: RequestContext) {
    return this.service.lastErrorText(feed, ctx.locale);
  }

  loaders(ctx: RequestContext): FeedLoaders {
    return ctx.loaders.get(
      () =>
        new FeedLoaders(
          new DataLoader(async (ids) => {
            const rows = await this.sections.findByIds(ids);
            return ids.map((id) => rows.find((s) => s.id === id) ?? null);
          }),
          new DataLoader(async (ids) => {
            const map = await this.service.forSections(ids);
            return ids.map((id) => map.get(id) ?? []);
          }),
        ),
      FeedLoaders,
    );
  }
}

/** Section.feeds: EDITOR or ADMIN only (field resolvers are not guarded, so the role is checked here). */
@Resolver(() => SectionModel)
export class SectionFeedsResolver {
  constructor(private readonly feedsResolver: FeedsResolver) {}

  @ResolveField(() => [FeedModel], { description: 'EDITOR or ADMIN only' })
  feeds(@Parent() section: SectionEntity, @Ctx() ctx: RequestContext) {
    if (!ctx.principal) throw unauthenticated();
    if (!hasRole(ctx.principal, ['EDITOR'])) throw forbidden();
    return this.feedsResolver.loaders(ctx).bySection.load(section.id);
  }
}
