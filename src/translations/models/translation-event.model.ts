import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';

@ObjectType('TranslationEvent', { description: 'One step in the history of a translation' })
export class TranslationEventModel {
  @Field({ description: 'CLAIM | RELEASE | SAVE | SUBMIT | APPROVE | REJECT | EDIT_ORIGINAL' })
  action: string;

  @Field(() => String, { nullable: true })
  fromStatus: string | null;

  @Field(() => String, { nullable: true })
  toStatus: string | null;

  @Field({ description: "The API key's name" })
  actor: string;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field(() => GraphQLISODateTime)
  at: Date;
}
