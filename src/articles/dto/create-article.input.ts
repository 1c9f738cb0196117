import { Field, GraphQLISODateTime, InputType } from '@nestjs/graphql';

@InputType()
export class CreateArticleInput {
  @Field()
  section: string;

  @Field()
  locale: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true })
  bodyHtml?: string | null;

  @Field(() => String, { nullable: true })
  canonicalUrl?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedAt?: Date | null;

  @Field(() => [String], { nullable: true })
  authors?: string[] | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => String, { nullable: true })
  imageUrl?: string | null;
}
