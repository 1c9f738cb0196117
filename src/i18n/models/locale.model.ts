import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum TextDirection {
  LTR = 'LTR',
  RTL = 'RTL',
}
registerEnumType(TextDirection, { name: 'TextDirection' });

@ObjectType('Locale')
export class LocaleModel {
  @Field({ description: 'en | fr | zh | ur | es | sv (configurable)' })
  code: string;

  @Field({ description: "The language's name in the request's language" })
  name: string;

  @Field({ description: 'The name in the language itself' })
  nativeName: string;

  @Field(() => TextDirection)
  direction: TextDirection;

  @Field(() => [String], { description: 'The chain tried when a translation is missing' })
  fallbacks: string[];
}
