import { Field, GraphQLISODateTime, InputType } from '@nestjs/graphql';

/** An absent field is left as it is; an explicit null clears it (tags and authors to none, URLs to null). */
@InputType()
export class UpdateArticleInput {
  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => [String], { nullable: true })
  authors?: string[] | null;

  @Field(() => String, { nullable: true })
  canonicalUrl?: string | null;

  @Field(() => String, { nullable: true })
  imageUrl?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Cannot be cleared: null is BAD_USER_INPUT' })
  publishedAt?: Date | null;
}
