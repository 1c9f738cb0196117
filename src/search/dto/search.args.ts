import { ArgsType, Field, Int } from '@nestjs/graphql';

@ArgsType()
export class SearchArgs {
  @Field(() => String)
  query: string;

  @Field(() => String, { nullable: true, description: 'Only translations in this language; all languages when omitted' })
  locale?: string | null;

  @Field(() => String, { nullable: true, description: 'Section slug' })
  section?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
