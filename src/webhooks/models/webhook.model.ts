import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/connection';

export enum WebhookEventEnum {
  ARTICLE_PUBLISHED = 'ARTICLE_PUBLISHED',
  ARTICLE_UPDATED = 'ARTICLE_UPDATED',
  ARTICLE_DELETED = 'ARTICLE_DELETED',
  TRANSLATION_NEEDED = 'TRANSLATION_NEEDED',
  TRANSLATION_SUBMITTED = 'TRANSLATION_SUBMITTED',
  TRANSLATION_APPROVED = 'TRANSLATION_APPROVED',
  TRANSLATION_REJECTED = 'TRANSLATION_REJECTED',
  MENTION_FOUND = 'MENTION_FOUND',
  FEED_FAILING = 'FEED_FAILING',
}
registerEnumType(WebhookEventEnum, { name: 'WebhookEvent' });

export enum DeliveryStateEnum {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(DeliveryStateEnum, { name: 'DeliveryState' });

/** An endpoint newsdesk POSTs signed events to; its secret is never shown. `deliveries` is resolved by WebhooksResolver. */
@ObjectType('Webhook')
export class WebhookModel {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => [WebhookEventEnum])
  events: WebhookEventEnum[];

  @Field({ description: 'False once disabled after repeated failed deliveries (enableWebhook turns it on)' })
  active: boolean;

  @Field(() => Int, { description: 'Failed deliveries in a row (each after all its attempts); 0 after a delivery succeeds' })
  consecutiveFailures: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the last attempt was made' })
  lastDeliveryAt: Date | null;

  @Field(() => Int, { nullable: true, description: "The last attempt's HTTP status; null when it got no answer" })
  lastResponseStatus: number | null;
}

@ObjectType('WebhookDelivery')
export class WebhookDeliveryModel {
  @Field(() => ID)
  id: string;

  @Field(() => WebhookEventEnum)
  event: WebhookEventEnum;

  @Field(() => DeliveryStateEnum)
  state: DeliveryStateEnum;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true, description: "The last attempt's HTTP status; null when it got no answer" })
  responseStatus: number | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  deliveredAt: Date | null;
}

@ObjectType('WebhookDeliveryConnection')
export class WebhookDeliveryConnection extends Connection(WebhookDeliveryModel, 'WebhookDelivery') {}
