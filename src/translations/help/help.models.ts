import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArticleModel, type ArticleView } from '../../articles';

export enum CheckSeverity {
  WARNING = 'WARNING',
  ERROR = 'ERROR',
}
registerEnumType(CheckSeverity, { name: 'CheckSeverity', description: 'Checks warn; none blocks a submission. ERROR: text would be lost.' });

@ObjectType('MemoryMatch', { description: 'An earlier published translation of a similar segment' })
export class MemoryMatchModel {
  @Field({ description: 'The segment of the earlier source' })
  sourceText: string;

  @Field({ description: 'How it was translated' })
  translatedText: string;

  @Field(() => Float, { description: 'Trigram similarity to the asked segment, 0..1 (1: the same text)' })
  similarity: number;

  @Field(() => ArticleModel, { description: 'The article the earlier translation belongs to' })
  article: ArticleView;
}

@ObjectType('TranslationCheck', { description: 'Something to look at before submitting' })
export class TranslationCheckModel {
  @Field({ description: 'MISSING_LINK, MISSING_NUMBER, MARKUP_CHANGED, TOO_SHORT, TOO_LONG, EMPTY_PARAGRAPHS, UNTRANSLATED_TITLE, UNTRANSLATED_PARAGRAPH, GLOSSARY_TERM_MISSING, NOT_STARTED' })
  code: string;

  @Field(() => CheckSeverity)
  severity: CheckSeverity;

  @Field({ description: "In the request's language" })
  message: string;
}

@ObjectType('MachineSuggestion', { description: 'A machine translation of the source: a suggestion only, never saved by itself' })
export class MachineSuggestionModel {
  @Field({ description: 'The machine translation service that made it (machine, not a person)' })
  provider: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  summary: string | null;

  @Field(() => String, { nullable: true })
  bodyHtml: string | null;
}
