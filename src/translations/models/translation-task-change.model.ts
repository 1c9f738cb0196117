import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum TaskChangeEnum {
  CLAIMED = 'CLAIMED',
  RELEASED = 'RELEASED',
  SUBMITTED = 'SUBMITTED',
  PUBLISHED = 'PUBLISHED',
  REJECTED = 'REJECTED',
}
registerEnumType(TaskChangeEnum, { name: 'TaskChange' });

@ObjectType('TranslationTaskChange', { description: 'A step of the desk on one task: lists showing the task update or drop it' })
export class TranslationTaskChangeModel {
  @Field(() => TaskChangeEnum)
  change: TaskChangeEnum;

  @Field(() => ID)
  articleId: string;

  @Field()
  locale: string;

  @Field(() => String, { nullable: true, description: 'The name of the key that took the step' })
  by: string | null;
}
