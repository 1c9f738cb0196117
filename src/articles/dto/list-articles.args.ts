import { ArgsType, Field, GraphQLISODateTime, Int } from '@nestjs/graphql';

@ArgsType()
export class ListArticlesArgs {
  @Field(() => String, { nullable: true })
  locale?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  fallback: boolean;

  @Field(() => String, { nullable: true })
  section?: string | null;

  @Field(() => String, { nullable: true })
  tag?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedAfter?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedBefore?: Date | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
