import { Field, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArticleModel, TranslationModel, TranslationStatusEnum, type ArticleView } from '../../articles';
import { Connection } from '../../common/connection';

export enum TextChangeKind {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  UNCHANGED = 'UNCHANGED',
}
registerEnumType(TextChangeKind, { name: 'TextChangeKind' });

@ObjectType('TextChange', { description: 'A run of words that a new revision of the source added, removed or kept' })
export class TextChangeModel {
  @Field(() => TextChangeKind)
  kind: TextChangeKind;

  @Field()
  text: string;
}

@ObjectType('SourceChanges', { description: 'What changed in the source between the revision a translation was made from and now' })
export class SourceChangesModel {
  @Field(() => Int)
  fromRevision: number;

  @Field(() => Int)
  toRevision: number;

  @Field(() => [TextChangeModel])
  title: TextChangeModel[];

  @Field(() => [TextChangeModel])
  summary: TextChangeModel[];

  @Field(() => [TextChangeModel], { description: 'Word diff of the body as plain text' })
  body: TextChangeModel[];
}

@ObjectType('TranslationTask')
export class TranslationTaskModel {
  @Field(() => ArticleModel)
  article: ArticleView;

  @Field({ description: 'The locale to fill' })
  locale: string;

  @Field({ description: 'MISSING | STALE | REJECTED' })
  reason: string;

  @Field(() => TranslationModel, { description: 'The text to translate from (the original, or the freshest published)' })
  source: TranslationModel;

  @Field(() => String, { nullable: true })
  claimedBy: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  claimExpiresAt: Date | null;

  @Field(() => TranslationModel, {
    nullable: true,
    description: 'The current text in the target locale (work in progress, else the published one), with its version for saveTranslation',
  })
  translation: TranslationModel | null;

  @Field(() => TranslationStatusEnum, { nullable: true, description: 'Status of the work in the target locale, if any' })
  status: TranslationStatusEnum | null;

  @Field(() => SourceChangesModel, {
    nullable: true,
    description: 'For a stale translation: word diff of the source since the revision it was made from',
  })
  sourceChanges: SourceChangesModel | null;

  @Field(() => String, { nullable: true, description: "The editor's comment when the task was sent back (REJECTED)" })
  reviewComment: string | null;
}

@ObjectType('TranslationTaskConnection')
export class TranslationTaskConnection extends Connection(TranslationTaskModel, 'TranslationTask') {}
