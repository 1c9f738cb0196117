import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class GlossaryTermInput {
  @Field()
  sourceLocale: string;

  @Field()
  targetLocale: string;

  @Field()
  source: string;

  @Field()
  target: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
