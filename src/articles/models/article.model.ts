import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/connection';

/** section, translation, translations, availableLocales and missingLocales are resolved by ArticleFieldsResolver. */
@ObjectType('Article')
export class ArticleModel {
  @Field(() => ID)
  id: string;

  @Field()
  originalLocale: string;

  @Field(() => String, { nullable: true })
  canonicalUrl: string | null;

  @Field(() => GraphQLISODateTime)
  publishedAt: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt: Date;

  @Field(() => [String])
  authors: string[];

  @Field(() => [String])
  tags: string[];

  @Field(() => String, { nullable: true })
  imageUrl: string | null;
}

@ObjectType('ArticleConnection')
export class ArticleConnection extends Connection(ArticleModel, 'Article') {}
