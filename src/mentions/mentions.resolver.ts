import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { loadEach } from '../graphql/subscriptions';
import { ArticleModel } from '../articles';
import { Ctx } from '../graphql/context.decorators';
import { Roles } from '../graphql/roles.decorator';
import { foundRows, type RequestContext } from '../graphql/request-context';
import { SectionModel } from '../sections';
import { AddMentionSourceInput, CreateWatchInput, ListMentionsArgs, ReportMentionInput, UpdateWatchInput } from './dto/mention.inputs';
import type { MentionEntity } from './mention.entity';
import { MentionEvents, type MentionFoundEvent } from './mention-events';
import { MentionLoaderFactory } from './mention.loaders';
import type { MentionSourceEntity } from './mention-source.entity';
import { MentionsService } from './mentions.service';
import { WatchesService } from './watches.service';
import { MentionConnection, MentionModel, MentionSourceModel, MentionStoryModel, WatchModel } from './models/mention.model';
import type { WatchEntity } from './watch.entity';

@Resolver(() => MentionModel)
export class MentionsResolver {
  constructor(
    private readonly service: MentionsService,
    private readonly watchesService: WatchesService,
    private readonly events: MentionEvents,
    private readonly mentionLoaders: MentionLoaderFactory,
  ) {}

  private loaders(ctx: RequestContext) {
    return this.mentionLoaders.for(ctx);
  }

  @Roles('EDITOR')
  @Query(() => [WatchModel], { description: 'EDITOR, ADMIN' })
  watches() {
    return this.service.listWatches();
  }

  @Roles('EDITOR')
  @Query(() => [MentionSourceModel], { description: 'The external feeds polled for mentions (EDITOR, ADMIN)' })
  mentionSources() {
    return this.service.listSources();
  }

  @Roles('EDITOR')
  @Query(() => MentionConnection, { description: 'Newest found first (EDITOR, ADMIN)' })
  mentions(@Args() args: ListMentionsArgs) {
    return this.service.list(args);
  }

  @Roles('EDITOR')
  @Mutation(() => WatchModel, { description: 'EDITOR, ADMIN' })
  createWatch(@Args('input') input: CreateWatchInput, @Ctx() ctx: RequestContext) {
    return this.watchesService.createWatch(input, ctx.principal);
  }

  @Roles('EDITOR')
  @Mutation(() => WatchModel, { description: 'An absent field stays as it is, null clears a list or the section; applies to what is scanned from now on (EDITOR, ADMIN)' })
  updateWatch(@Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateWatchInput) {
    return this.watchesService.updateWatch(id, input);
  }

  @Roles('EDITOR')
  @Mutation(() => Boolean, { description: 'Deletes the watch and its mentions (EDITOR, ADMIN)' })
  deleteWatch(@Args('id', { type: () => ID }) id: string) {
    return this.watchesService.deleteWatch(id);
  }

  @Roles('EDITOR')
  @Mutation(() => MentionSourceModel, { description: 'The URL must pass the fetcher guard (http(s), no private address unless FETCH_ALLOWLIST allows it)' })
  addMentionSource(@Args('input') input: AddMentionSourceInput) {
    return this.service.addSource(input);
  }

  @Roles('EDITOR')
  @Mutation(() => MentionSourceModel, { description: 'Stops polling a mention source (EDITOR, ADMIN)' })
  pauseMentionSource(@Args('id', { type: () => ID }) id: string) {
    return this.service.setSourceStatus(id, 'PAUSED');
  }

  @Roles('EDITOR')
  @Mutation(() => MentionSourceModel, { description: 'Back to ACTIVE, also from DISABLED; due at once (EDITOR, ADMIN)' })
  resumeMentionSource(@Args('id', { type: () => ID }) id: string) {
    return this.service.setSourceStatus(id, 'ACTIVE');
  }

  @Roles('EDITOR')
  @Mutation(() => Boolean, { description: 'Deletes a mention source (its mentions stay); CONFLICT while a watch is narrowed to it (EDITOR, ADMIN)' })
  deleteMentionSource(@Args('id', { type: () => ID }) id: string) {
    return this.service.deleteSource(id);
  }

  @Roles('EDITOR')
  @Mutation(() => MentionModel, { description: 'Records a mention found by hand and scans its text against the watches (EDITOR, ADMIN)' })
  reportMention(@Args('input') input: ReportMentionInput, @Ctx() ctx: RequestContext) {
    return this.service.report(input, ctx.principal);
  }

  @Roles('EDITOR')
  @Subscription(() => MentionModel, {
    description: 'Fires for every new mention, of `watch` when given (EDITOR, ADMIN)',
    // The iterator yields loaded mentions (never null: a mention gone by delivery is skipped).
    resolve: (mention: MentionEntity) => mention,
  })
  async mentionFound(@Args('watch', { type: () => ID, nullable: true }) watch?: string | null) {
    if (watch) await this.service.requireWatch(watch);
    return loadEach(await this.events.subscribe(watch ?? null), (event: MentionFoundEvent) => this.service.findMention(event.mentionId));
  }

  @ResolveField(() => WatchModel)
  watch(@Parent() mention: MentionEntity, @Ctx() ctx: RequestContext) {
    return this.loaders(ctx).watches.load(mention.watchId);
  }

  @ResolveField(() => [SectionModel], { description: "The watch's section and the sections of our articles it links to" })
  async sections(@Parent() mention: MentionEntity, @Ctx() ctx: RequestContext) {
    return foundRows(await this.loaders(ctx).sections.loadMany(mention.sectionIds));
  }

  @ResolveField(() => [ArticleModel], { description: 'Our articles it links to (canonical or translation URLs)' })
  async articles(@Parent() mention: MentionEntity, @Ctx() ctx: RequestContext) {
    return foundRows(await this.loaders(ctx).articles.loadMany(mention.articleIds));
  }

  @ResolveField(() => MentionStoryModel, { description: 'The story this mention belongs to, with every outlet that carried it' })
  async story(@Parent() mention: MentionEntity, @Ctx() ctx: RequestContext) {
    const outlets = await this.loaders(ctx).outlets.load(mention.storyId);
    return { id: mention.storyId, outlets };
  }
}

@Resolver(() => WatchModel)
export class WatchFieldsResolver {
  constructor(private readonly mentionLoaders: MentionLoaderFactory) {}

  private loaders(ctx: RequestContext) {
    return this.mentionLoaders.for(ctx);
  }

  @ResolveField(() => SectionModel, { nullable: true })
  section(@Parent() watch: WatchEntity, @Ctx() ctx: RequestContext) {
    return watch.sectionId ? this.loaders(ctx).sections.load(watch.sectionId) : null;
  }

  @ResolveField(() => Int, { description: 'How many mentions it has found' })
  mentionCount(@Parent() watch: WatchEntity, @Ctx() ctx: RequestContext) {
    return this.loaders(ctx).counts.load(watch.id);
  }

  @ResolveField(() => [MentionSourceModel], { description: 'Only items from these mention sources; empty: any source' })
  async sources(@Parent() watch: WatchEntity, @Ctx() ctx: RequestContext) {
    return foundRows(await this.loaders(ctx).sources.loadMany(watch.sourceIds));
  }
}

@Resolver(() => MentionSourceModel)
export class MentionSourceFieldsResolver {
  constructor(private readonly service: MentionsService) {}

  @ResolveField(() => String, { nullable: true, description: "The last failure, in the request's language" })
  lastError(@Parent() source: MentionSourceEntity, @Ctx() ctx: RequestContext) {
    return this.service.lastErrorText(source, ctx.locale);
  }
}
