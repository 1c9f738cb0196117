import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../common/connection';
import { FeedStatusEnum } from '../../feed-reader/feed-status.model';
import { MentionStateEnum } from './mention-alerts.model';

export enum MatchModeEnum {
  WORD = 'WORD',
  PHRASE = 'PHRASE',
  SUBSTRING = 'SUBSTRING',
  CASE_SENSITIVE = 'CASE_SENSITIVE',
}
registerEnumType(MatchModeEnum, {
  name: 'MatchMode',
  valuesMap: {
    WORD: { description: 'Whole words, case-insensitive; Chinese terms match wherever they occur' },
    PHRASE: { description: 'The words in this order, any spaces or punctuation between, whole words at the ends' },
    SUBSTRING: { description: 'Anywhere, also inside words, case-insensitive (the natural mode for Chinese)' },
    CASE_SENSITIVE: { description: 'Whole words with the case as written' },
  },
});

@ObjectType('WatchTerm')
export class WatchTermModel {
  @Field()
  text: string;

  @Field(() => String, { nullable: true })
  locale: string | null;

  @Field(() => MatchModeEnum)
  mode: MatchModeEnum;
}

@ObjectType('NearTerm')
export class NearTermModel {
  @Field()
  term: string;

  @Field()
  nearTerm: string;

  @Field(() => Int)
  within: number;
}

/** section, mentionCount and sources are resolved by WatchFieldsResolver. */
@ObjectType('Watch')
export class WatchModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => [WatchTermModel])
  terms: WatchTermModel[];

  @Field(() => [String], { description: 'Hits inside an occurrence of one of these do not count' })
  excludes: string[];

  @Field(() => [String], { description: 'An item containing any of these anywhere is no mention' })
  excludeItemsWith: string[];

  @Field(() => [String], { description: 'Every one must occur as well as a term' })
  allOf: string[];

  @Field(() => [NearTermModel], { description: 'Every pair must occur within `within` words (characters in Chinese), as well as a term' })
  near: NearTermModel[];

  @Field(() => [String], { description: 'Only items in these languages; empty: any' })
  locales: string[];
}

/** lastError is resolved (translated) by MentionSourcesResolver. */
@ObjectType('MentionSource')
export class MentionSourceModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  url: string;

  @Field({ description: 'What the source is: "news", "blog", "weibo", ...' })
  kind: string;

  @Field(() => FeedStatusEnum)
  status: FeedStatusEnum;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastFetchedAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  lastSuccessAt: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  nextFetchAt: Date | null;

  @Field(() => Int)
  consecutiveFailures: number;

  @Field(() => Int)
  pollIntervalMinutes: number;
}

@ObjectType('MentionOutlet', { description: 'One outlet that carried a story' })
export class MentionOutletModel {
  @Field()
  sourceName: string;

  @Field()
  url: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedAt: Date | null;

  @Field(() => ID, { description: 'The mention found at this URL (the earliest, when several watches matched it)' })
  mentionId: string;
}

@ObjectType('MentionStory', { description: 'Near-duplicate mentions: the same story republished by several outlets' })
export class MentionStoryModel {
  @Field(() => ID)
  id: string;

  @Field(() => [MentionOutletModel], { description: 'Earliest first, one per URL' })
  outlets: MentionOutletModel[];
}

/** watch, sections, articles and story are resolved by MentionsResolver. */
@ObjectType('Mention')
export class MentionModel {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field({ description: 'The matched passage with context, HTML-escaped, matches marked with <mark>' })
  excerpt: string;

  @Field(() => String, { nullable: true, description: 'Detected (or declared) language of the mentioning text' })
  locale: string | null;

  @Field()
  sourceName: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedAt: Date | null;

  @Field(() => GraphQLISODateTime)
  foundAt: Date;

  @Field(() => [String])
  matchedTerms: string[];

  @Field(() => MentionStateEnum, { description: 'NEW until an editor marks it READ or DISMISSED (markMentions)' })
  state: MentionStateEnum;
}

@ObjectType('MentionConnection')
export class MentionConnection extends Connection(MentionModel, 'Mention') {}
