import { Field, InputType } from '@nestjs/graphql';
import { JSONScalar } from '../../graphql/json.scalar';

/** An absent field is left as it is; an explicit null clears country or homepage (names and defaultLocale cannot be cleared). */
@InputType()
export class UpdateSectionInput {
  @Field(() => JSONScalar, { nullable: true, description: 'Replaces every name: { "en": "Sweden", "sv": "Sverige" }' })
  names?: unknown;

  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field(() => String, { nullable: true })
  defaultLocale?: string | null;

  @Field(() => String, { nullable: true })
  homepage?: string | null;
}
