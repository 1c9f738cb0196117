import { ArgsType, Field, Int } from '@nestjs/graphql';

@ArgsType()
export class TranslationQueueArgs {
  @Field()
  locale: string;

  @Field(() => String, { nullable: true })
  section?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
