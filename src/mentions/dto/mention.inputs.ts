import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
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

@InputType()
export class CreateWatchInput {
  @Field()
  name: string;

  @Field(() => [WatchTermInput])
  terms: WatchTermInput[];

  @Field(() => [String], { nullable: true })
  excludes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'The slug of the section the watch concerns' })
  section?: string | null;
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

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
