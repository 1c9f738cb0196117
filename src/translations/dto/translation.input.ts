import { Field, InputType, registerEnumType } from '@nestjs/graphql';

@InputType('TranslationInput')
export class TranslationInput {
  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => String, { nullable: true })
  bodyHtml?: string | null;

  @Field(() => String, { nullable: true })
  slug?: string | null;
}

export enum ReviewDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(ReviewDecision, { name: 'ReviewDecision' });
