import { ArgsType, Field, Int } from '@nestjs/graphql';

@ArgsType()
export class ReviewQueueArgs {
  @Field(() => String, { nullable: true, description: 'Only this locale; every locale when absent' })
  locale?: string | null;

  @Field(() => String, { nullable: true })
  section?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
