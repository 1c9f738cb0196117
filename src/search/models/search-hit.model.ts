import { Field, Float, ObjectType } from '@nestjs/graphql';
import { ArticleModel, type ArticleView } from '../../articles';
import { Connection } from '../../common/connection';

/** One matching translation: its article (whose `translation` defaults to the matched language), and where it matched. */
@ObjectType('SearchHit')
export class SearchHitModel {
  @Field(() => ArticleModel)
  article: ArticleView;

  @Field({ description: 'The language of the matching translation' })
  locale: string;

  @Field(() => Float, { description: 'Relevance, between 0 and 1 (higher is better)' })
  score: number;

  @Field({ description: 'The matching passage as HTML: matches in <mark>, the rest escaped' })
  snippet: string;
}

@ObjectType('SearchConnection')
export class SearchConnection extends Connection(SearchHitModel, 'Search') {}
