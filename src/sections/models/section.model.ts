import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Section')
export class SectionModel {
  @Field(() => ID)
  id: string;

  @Field({ description: '"sweden", "pakistan", "usa", "international", ...' })
  slug: string;

  /** Resolved by SectionsResolver.name (a name per locale). */
  names: Record<string, string>;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2; null for the international site' })
  country: string | null;

  @Field()
  defaultLocale: string;

  @Field(() => String, { nullable: true })
  homepage: string | null;
}
