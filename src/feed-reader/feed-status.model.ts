import { registerEnumType } from '@nestjs/graphql';

/** The status every polled source shows (section feeds and mention sources alike). */
export enum FeedStatusEnum {
  ACTIVE = 'ACTIVE',
  FAILING = 'FAILING',
  DISABLED = 'DISABLED',
  PAUSED = 'PAUSED',
}
registerEnumType(FeedStatusEnum, { name: 'FeedStatus' });
