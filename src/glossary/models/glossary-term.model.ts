import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('GlossaryTerm', { description: 'A protected term: `source` in sourceLocale is rendered as `target` in targetLocale' })
export class GlossaryTermModel {
  @Field(() => ID)
  id: string;

  @Field()
  sourceLocale: string;

  @Field()
  targetLocale: string;

  @Field()
  source: string;

  @Field()
  target: string;

  @Field(() => String, { nullable: true })
  note: string | null;
}
