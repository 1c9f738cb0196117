import { Field, InputType } from '@nestjs/graphql';
import { WebhookEventEnum } from '../models/webhook.model';

@InputType('CreateWebhookInput')
export class CreateWebhookInput {
  @Field()
  url: string;

  @Field(() => [WebhookEventEnum])
  events: WebhookEventEnum[];

  @Field({ description: 'Signs every delivery (HMAC-SHA256); stored encrypted, never shown again' })
  secret: string;
}
