import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TextDirection } from '../../i18n/models/locale.model';

export enum TranslationStatusEnum {
  DRAFT = 'DRAFT',
  IN_PROGRESS = 'IN_PROGRESS',
  SUBMITTED = 'SUBMITTED',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
}
registerEnumType(TranslationStatusEnum, { name: 'TranslationStatus' });

@ObjectType('Translation')
export class TranslationModel {
  @Field()
  locale: string;

  @Field(() => TextDirection)
  direction: TextDirection;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { nullable: true, description: 'Sanitised HTML' })
  bodyHtml: string | null;

  @Field()
  slug: string;

  @Field(() => String, { nullable: true, description: "Where this language's version lives, when known" })
  url: string | null;

  @Field(() => TranslationStatusEnum)
  status: TranslationStatusEnum;

  @Field({ description: 'The language the article was first written in' })
  isOriginal: boolean;

  @Field({ description: 'True when served in place of the requested locale' })
  isFallback: boolean;

  @Field({ description: 'The original changed after this translation was made' })
  isStale: boolean;

  @Field(() => Int, { description: 'For optimistic concurrency' })
  version: number;

  @Field(() => String, { nullable: true })
  translatedBy: string | null;

  @Field(() => GraphQLISODateTime)
  updatedAt: Date;
}
