import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { MentionStateEnum } from '../models/mention-alerts.model';
import { MatchModeEnum } from '../models/mention.model';

@InputType()
export class WatchTermInput {
  @Field()
  text: string;

  @Field(() => String, { nullable: true })
  locale?: string | null;

  @Field(() => MatchModeEnum, { nullable: true, defaultValue: MatchModeEnum.WORD })
  mode?: MatchModeEnum | null;
}

@InputType({ description: 'NEAR/n: both terms with at most `within` words between them (characters in Chinese)' })
export class NearTermInput {
  @Field()
  term: string;

  @Field()
  nearTerm: string;

  @Field(() => Int, { description: 'From 1 to 100' })
  within: number;
}

@InputType()
export class CreateWatchInput {
  @Field()
  name: string;

  @Field(() => [WatchTermInput])
  terms: WatchTermInput[];

  @Field(() => [String], { nullable: true, description: 'Hits inside an occurrence of one of these do not count' })
  excludes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'The slug of the section the watch concerns' })
  section?: string | null;

  @Field(() => [String], { nullable: true, description: 'An item containing any of these anywhere is no mention (-term)' })
  excludeItemsWith?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Every one must occur as well as a term (AND)' })
  allOf?: string[] | null;

  @Field(() => [NearTermInput], { nullable: true, description: 'Every pair must occur close together, as well as a term (NEAR/n)' })
  near?: NearTermInput[] | null;

  @Field(() => [String], { nullable: true, description: 'Only items in these languages' })
  locales?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only items from these mention sources' })
  sources?: string[] | null;
}

/** An absent field is left as it is; null clears a list or the section (a watch keeps its name and terms). */
@InputType()
export class UpdateWatchInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => [WatchTermInput], { nullable: true })
  terms?: WatchTermInput[] | null;

  @Field(() => [String], { nullable: true })
  excludes?: string[] | null;

  @Field(() => String, { nullable: true })
  section?: string | null;

  @Field(() => [String], { nullable: true })
  excludeItemsWith?: string[] | null;

  @Field(() => [String], { nullable: true })
  allOf?: string[] | null;

  @Field(() => [NearTermInput], { nullable: true })
  near?: NearTermInput[] | null;

  @Field(() => [String], { nullable: true })
  locales?: string[] | null;

  @Field(() => [ID], { nullable: true })
  sources?: string[] | null;
}

@InputType()
export class AddMentionSourceInput {
  @Field()
  name: string;

  @Field()
  url: string;

  @Field()
  kind: string;
}

@InputType()
export class ReportMentionInput {
  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field()
  text: string;

  @Field()
  sourceName: string;

  @Field(() => GraphQLISODateTime, { nullable: true })
  publishedAt?: Date | null;

  @Field(() => ID, { nullable: true, description: 'Record it for this watch; without it, for every watch its text matches' })
  watch?: string | null;
}

@ArgsType()
export class ListMentionsArgs {
  @Field(() => ID, { nullable: true })
  watch?: string | null;

  @Field(() => String, { nullable: true, description: "A section's slug: mentions concerning it (its watches, links to its articles)" })
  section?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Only mentions found at or after this time' })
  since?: Date | null;

  @Field(() => MentionStateEnum, { nullable: true, description: 'Only mentions in this state (absent: every state)' })
  state?: MentionStateEnum | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
