import { Field, ObjectType } from '@nestjs/graphql';
import { FeedModel } from './feed.model';

@ObjectType('OpmlSkip', { description: 'An outline importOpmlReport did not register, and why' })
export class OpmlSkipModel {
  @Field(() => String, { nullable: true, description: 'The outline\'s xmlUrl as written (less any credentials); null when it has none' })
  url: string | null;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field({ description: "Why it was skipped, in the request's language" })
  reason: string;
}

@ObjectType('OpmlImportReport')
export class OpmlImportReportModel {
  @Field(() => [FeedModel], { description: 'The feeds registered, in document order' })
  created: FeedModel[];

  @Field(() => [OpmlSkipModel], { description: 'The outlines left out, in document order' })
  skipped: OpmlSkipModel[];
}
