import { Field, InputType } from '@nestjs/graphql';

/** The same fields as `npm run keys -- create`, checked by the same service. */
@InputType()
export class CreateApiKeyInput {
  @Field()
  name: string;

  @Field({ description: 'ADMIN, EDITOR, TRANSLATOR or PUBLISHER' })
  role: string;

  @Field(() => [String], { nullable: true, description: 'TRANSLATOR: at least one known locale' })
  locales?: string[] | null;

  @Field(() => String, { nullable: true, description: "PUBLISHER: an existing section's slug" })
  section?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true, description: "The language of the key's mail" })
  locale?: string | null;
}
