import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/connection';

@ObjectType('Media', { description: 'An enclosure or media element of the item the article came from' })
export class MediaModel {
  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  mimeType: string | null;

  @Field(() => Int, { nullable: true, description: 'Bytes, when the feed says' })
  length: number | null;

  @Field(() => String, { nullable: true })
  title: string | null;
}

/** section, translation, translations, availableLocales, missingLocales, media and publishedAtEstimated are resolved by ArticleFieldsResolver. */
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
