import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum MentionStateEnum {
  NEW = 'NEW',
  READ = 'READ',
  DISMISSED = 'DISMISSED',
}
registerEnumType(MentionStateEnum, {
  name: 'MentionState',
  valuesMap: {
    NEW: { description: 'Not looked at yet (counted in Watch.unreadCount)' },
    READ: { description: 'Seen by an editor' },
    DISMISSED: { description: 'Not relevant: left out of the watch feed and digests' },
  },
});

export enum AlertFrequencyEnum {
  IMMEDIATE = 'IMMEDIATE',
  DAILY = 'DAILY',
}
registerEnumType(AlertFrequencyEnum, {
  name: 'AlertFrequency',
  valuesMap: {
    IMMEDIATE: { description: 'One e-mail per mention, as it is found' },
    DAILY: { description: "One digest a day of the watch's new mentions (MENTION_DIGEST_CRON)" },
  },
});

/** webhook is resolved by WatchAlertsFieldsResolver. */
@ObjectType('WatchAlerts')
export class WatchAlertsModel {
  @Field(() => String, { nullable: true, description: 'Where the e-mail alerts go' })
  email: string | null;

  @Field(() => AlertFrequencyEnum, { nullable: true, description: 'How often e-mail is sent (null without e-mail)' })
  frequency: AlertFrequencyEnum | null;
}
