import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/connection';

@ObjectType('AuditEntry', { description: 'One change: who, what, on what, when. Never a secret or key' })
export class AuditEntryModel {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLISODateTime)
  at: Date;

  @Field({ description: 'The key\'s name and id ("Ayesha (key 0b5e...)"), or "cli (<system user>)" for the keys CLI' })
  actor: string;

  @Field({ description: 'The mutation, e.g. createApiKey (the keys CLI records the same names; queueDashboard: the queue dashboard)' })
  action: string;

  @Field({ description: 'The id or slug acted on; empty when the change names none' })
  target: string;
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnection extends Connection(AuditEntryModel, 'AuditEntry') {}
