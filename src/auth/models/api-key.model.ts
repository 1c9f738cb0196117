import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { SectionModel } from '../../sections';

@ObjectType('ApiKey', { description: 'An API key as an ADMIN sees it: never the key itself (only its hash is stored)' })
export class ApiKeyModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'ADMIN, EDITOR, TRANSLATOR or PUBLISHER, as the keys CLI names it' })
  role: string;

  @Field(() => [String], { description: 'TRANSLATOR: the locales the key may work in' })
  locales: string[];

  @Field(() => SectionModel, { nullable: true, description: 'PUBLISHER: the one section the key may write to' })
  section?: SectionModel | null;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: "The language of the key's mail" })
  locale: string | null;

  @Field(() => GraphQLISODateTime)
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastUsedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Set once revoked: the key stops working at once' })
  revokedAt: Date | null;
}

@ObjectType('CreatedApiKey', { description: 'A new key, shown this once: store it now' })
export class CreatedApiKeyModel {
  @Field()
  key: string;

  @Field(() => ApiKeyModel)
  apiKey: ApiKeyModel;
}
