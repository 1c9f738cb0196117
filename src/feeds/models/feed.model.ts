import { FeedStatusEnum } from '../../feed-reader/feed-status.model';
import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum FeedFormatEnum {
  RSS = 'RSS',
  ATOM = 'ATOM',
  RDF = 'RDF',
  JSON_FEED = 'JSON_FEED',
}
registerEnumType(FeedFormatEnum, { name: 'FeedFormat' });

/** section and lastError are resolved by FeedsResolver (a loader, and the request's language). */
@ObjectType('Feed')
export class FeedModel {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => FeedFormatEnum, { nullable: true, description: 'Known after the first successful fetch' })
  format: FeedFormatEnum | null;

  @Field(() => String, { nullable: true, description: 'Declared or detected' })
  locale: string | null;

  @Field(() => FeedStatusEnum)
  status: FeedStatusEnum;

  @Field(() => Int)
  pollIntervalMinutes: number;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastFetchedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastSuccessAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null while the feed is paused or disabled' })
  nextFetchAt: Date | null;

  @Field(() => Int)
  consecutiveFailures: number;

  @Field(() => Int)
  itemCount: number;
}

@ObjectType('IngestJob')
export class IngestJobModel {
  @Field(() => ID, { description: 'BullMQ job id' })
  id: string;

  @Field({ description: 'BullMQ job state: waiting, active, completed, failed, delayed, ...' })
  state: string;
}
