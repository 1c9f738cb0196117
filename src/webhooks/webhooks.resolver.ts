import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '../common/errors';
import { hasRole } from '../common/principal';
import { Ctx } from '../graphql/context.decorators';
import type { RequestContext } from '../graphql/request-context';
import { Roles } from '../graphql/roles.decorator';
import { CreateWebhookInput } from './dto/create-webhook.input';
import { WebhookDeliveryConnection, WebhookModel } from './models/webhook.model';
import type { WebhookEntity } from './webhook.entity';
import { WebhooksService } from './webhooks.service';

@Resolver(() => WebhookModel)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Roles('ADMIN')
  @Query(() => [WebhookModel], { description: 'Every webhook, oldest first. ADMIN' })
  webhooks() {
    return this.service.list();
  }

  @Roles('ADMIN')
  @Mutation(() => WebhookModel, { description: 'Registers an endpoint for signed deliveries of `events` (the URL passes the feeds\' address guard). ADMIN' })
  createWebhook(@Args('input') input: CreateWebhookInput) {
    return this.service.create(input);
  }

  @Roles('ADMIN')
  @Mutation(() => WebhookModel, { description: 'Turns a webhook on again, with no failures counted. ADMIN' })
  enableWebhook(@Args('id', { type: () => ID }) id: string) {
    return this.service.enable(id);
  }

  @Roles('ADMIN')
  @Mutation(() => Boolean, { description: 'Deletes a webhook and its deliveries. ADMIN' })
  deleteWebhook(@Args('id', { type: () => ID }) id: string) {
    return this.service.delete(id);
  }

  /** Field resolvers do not pass the guard: a Webhook reached elsewhere (a watch's alerts) shows its deliveries to ADMIN only. */
  @ResolveField(() => WebhookDeliveryConnection, { description: 'Newest first. ADMIN' })
  deliveries(
    @Parent() webhook: WebhookEntity,
    @Ctx() ctx: RequestContext,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ) {
    if (!ctx.principal) throw unauthenticated();
    if (!hasRole(ctx.principal, ['ADMIN'])) throw forbidden();
    return this.service.deliveries(webhook.id, first, after);
  }
}
