import { Field, InputType, Int } from '@nestjs/graphql';

/** An absent field is left as it is; an explicit null clears it. Pausing is pauseFeed / resumeFeed. */
@InputType()
export class UpdateFeedInput {
  @Field(() => String, { nullable: true, description: 'null: declared or detected again at the next fetch' })
  locale?: string | null;

  @Field(() => Int, { nullable: true, description: 'Fixes the interval; null lets it adapt to how often the feed publishes again' })
  pollIntervalMinutes?: number | null;
}
