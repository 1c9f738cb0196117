import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type FeedStatus, PolledSourceColumns } from '../feed-reader/polled-source.columns';

export type MentionSourceStatus = FeedStatus;

/** An external feed polled for mentions, scheduled like a section feed (the due time lives here). */
@Entity('mention_sources')
export class MentionSourceEntity extends PolledSourceColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', unique: true })
  url: string;

  /** What the source is, as the editor says it: "news", "blog", "weibo", "x", ... */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', nullable: true })
  locale: string | null;
}
