import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('LocaleCoverage', {
  description: 'Per locale, every article is in exactly one of published, stale, inProgress, missing; percent = published / total',
})
export class LocaleCoverageModel {
  @Field()
  locale: string;

  @Field(() => Int)
  total: number;

  @Field(() => Int, { description: 'Published and made from the current source revision (or the original)' })
  published: number;

  @Field(() => Int, { description: 'Nothing published yet, but work exists (draft, in progress, submitted or rejected)' })
  inProgress: number;

  @Field(() => Int, { description: 'Published, but made from an older revision of the source' })
  stale: number;

  @Field(() => Int, { description: 'No translation at all' })
  missing: number;

  @Field(() => Float)
  percent: number;
}
