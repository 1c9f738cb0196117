import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Alternate', { description: 'A published translation with a URL, for <link rel="alternate" hreflang>; x-default carries the original\'s locale' })
export class AlternateModel {
  @Field()
  locale!: string;

  @Field()
  hreflang!: string;

  @Field()
  url!: string;
}
