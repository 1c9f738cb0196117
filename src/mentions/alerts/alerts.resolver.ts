import { Args, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { Ctx } from '../../graphql/context.decorators';
import { Roles } from '../../graphql/roles.decorator';
import type { RequestContext } from '../../graphql/request-context';
import { WatchAlertsInput } from '../dto/watch-alerts.input';
import { MentionStateEnum, WatchAlertsModel } from '../models/mention-alerts.model';
import { WatchModel } from '../models/mention.model';
import type { WatchEntity } from '../watch.entity';
import { WebhookModel } from '../../webhooks';
import { MentionAlertsService } from './mention-alerts.service';
import type { StoredWatchAlerts } from './watch-alerts.repository';

/** Per-request batching of the unread counts, alerts and feed URLs of the watches a query lists. */
class AlertLoaders {
  readonly unread: DataLoader<string, number>;
  readonly alerts: DataLoader<string, StoredWatchAlerts | null>;
  readonly feedUrls: DataLoader<string, string | null>;

  constructor(service: MentionAlertsService) {
    this.unread = new DataLoader(async (ids) => {
      const counts = await service.unreadCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
    this.alerts = new DataLoader(async (ids) => {
      const rows = await service.alertsOf(ids);
      return ids.map((id) => rows.find((a) => a.watchId === id) ?? null);
    });
    this.feedUrls = new DataLoader(async (ids) => {
      const urls = await service.feedUrls(ids);
      return ids.map((id) => urls.get(id) ?? null);
    });
  }
}

@Resolver(() => WatchAlertsModel)
export class WatchAlertsFieldsResolver {
  constructor(private readonly service: MentionAlertsService) {}

  @ResolveField(() => WebhookModel, { nullable: true, description: 'The webhook that receives MENTION_FOUND for this watch' })
  webhook(@Parent() alerts: StoredWatchAlerts) {
    return this.service.webhook(alerts.webhookId);
  }
}

@Resolver(() => WatchModel)
export class WatchAlertsResolver {
  constructor(private readonly service: MentionAlertsService) {}

  private loaders(ctx: RequestContext): AlertLoaders {
    return ctx.loaders.get(() => new AlertLoaders(this.service), AlertLoaders);
  }

  @Roles('EDITOR')
  @Mutation(() => Int, { description: 'Sets the state of mentions; returns how many changed (EDITOR, ADMIN)' })
  markMentions(@Args('ids', { type: () => [ID] }) ids: string[], @Args('state', { type: () => MentionStateEnum }) state: MentionStateEnum) {
    return this.service.markMentions(ids, state);
  }

  @Roles('EDITOR')
  @Mutation(() => WatchModel, { description: "A watch's e-mail (immediate or daily) and webhook alerts; null clears one (EDITOR, ADMIN)" })
  setWatchAlerts(@Args('watch', { type: () => ID }) watch: string, @Args('input') input: WatchAlertsInput, @Ctx() ctx: RequestContext) {
    return this.service.setWatchAlerts(watch, input, ctx.principal, ctx.locale);
  }

  @ResolveField(() => Int, { description: 'How many of its mentions are NEW' })
  unreadCount(@Parent() watch: WatchEntity, @Ctx() ctx: RequestContext) {
    return this.loaders(ctx).unread.load(watch.id);
  }

  @ResolveField(() => String, { nullable: true, description: 'Its private Atom feed of mentions (the URL carries a token: keep it private)' })
  feedUrl(@Parent() watch: WatchEntity, @Ctx() ctx: RequestContext) {
    return this.loaders(ctx).feedUrls.load(watch.id);
  }

  @ResolveField(() => WatchAlertsModel, { nullable: true, description: 'Its alerts; null when it has none' })
  alerts(@Parent() watch: WatchEntity, @Ctx() ctx: RequestContext): Promise<StoredWatchAlerts | null> {
    return this.loaders(ctx).alerts.load(watch.id);
  }
}
