import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum PushStateEnum {
  QUEUED = 'QUEUED',
  INGESTED = 'INGESTED',
  FAILED = 'FAILED',
}
registerEnumType(PushStateEnum, { name: 'PushState' });

@ObjectType('PushStatus', { description: 'What became of a pushed document (POST /ingest/:section)' })
export class PushStatusModel {
  @Field(() => ID, { description: 'The jobId of the 202 answer' })
  id: string;

  @Field(() => PushStateEnum)
  state: PushStateEnum;

  @Field(() => Int, { nullable: true, description: 'Items ingested, once INGESTED' })
  itemCount: number | null;

  @Field(() => String, { nullable: true, description: "Why it failed, in the request's language, when FAILED" })
  error: string | null;
}
