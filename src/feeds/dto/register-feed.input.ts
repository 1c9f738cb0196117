import { Field, InputType, Int } from '@nestjs/graphql';

@InputType()
export class RegisterFeedInput {
  @Field()
  section: string;

  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  locale?: string | null;

  @Field(() => Int, { nullable: true, description: 'Fixes the interval; otherwise it adapts to how often the feed publishes' })
  pollIntervalMinutes?: number | null;
}
