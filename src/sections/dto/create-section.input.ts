import { Field, InputType } from '@nestjs/graphql';
import { JSONScalar } from '../../graphql/json.scalar';

@InputType()
export class CreateSectionInput {
  @Field()
  slug: string;

  @Field(() => JSONScalar, { description: 'The name per locale: { "en": "Sweden", "sv": "Sverige" }' })
  names: unknown;

  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field()
  defaultLocale: string;

  @Field(() => String, { nullable: true })
  homepage?: string | null;
}
