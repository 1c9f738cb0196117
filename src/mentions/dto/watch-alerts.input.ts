import { Field, ID, InputType } from '@nestjs/graphql';
import { AlertFrequencyEnum } from '../models/mention-alerts.model';

/** A field left out keeps its value; null clears it. Alerts with neither e-mail nor webhook are removed. */
@InputType()
export class WatchAlertsInput {
  @Field(() => String, { nullable: true, description: 'The address e-mail alerts go to; null stops them' })
  email?: string | null;

  @Field(() => ID, { nullable: true, description: 'A webhook that receives MENTION_FOUND for this watch; null stops it' })
  webhook?: string | null;

  @Field(() => AlertFrequencyEnum, { nullable: true, description: 'For e-mail: IMMEDIATE (the default) or DAILY' })
  frequency?: AlertFrequencyEnum | null;
}
