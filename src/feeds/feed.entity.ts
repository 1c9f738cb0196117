import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { FeedFormat } from '../feed-reader/feed.types';
import { PolledSourceColumns } from '../feed-reader/polled-source.columns';

export { FEED_STATUSES, type FeedStatus, type StoredMessage } from '../feed-reader/polled-source.columns';

@Entity('feeds')
@Index('feeds_section_url_uq', ['sectionId', 'url'], { unique: true })
export class FeedEntity extends PolledSourceColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sectionId: string;

  @Column({ type: 'text' })
  url: string;

  /** The registered locale, else the declared or detected one after a fetch. */
  @Column({ type: 'text', nullable: true })
  locale: string | null;

  @Column({ type: 'text', nullable: true })
  format: FeedFormat | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  /** The site the feed belongs to: its own <link>, else the htmlUrl of the OPML outline it was imported from. */
  @Column({ type: 'text', nullable: true })
  htmlUrl: string | null;

  /** An editor fixed the interval; otherwise it adapts to how often the feed publishes. */
  @Column({ type: 'boolean', default: false })
  intervalFixed: boolean;

  @Column({ type: 'boolean', default: false })
  guidsUnstable: boolean;
}
