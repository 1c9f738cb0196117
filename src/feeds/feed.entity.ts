import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FeedFormat } from './feed.types';

export const FEED_STATUSES = ['ACTIVE', 'FAILING', 'DISABLED', 'PAUSED'] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];

/** A message for people, stored untranslated: an i18next key and its parameters. */
export interface StoredMessage {
  key: string;
  params?: Record<string, unknown>;
}

@Entity('feeds')
@Index('feeds_section_url_uq', ['sectionId', 'url'], { unique: true })
export class FeedEntity {
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

  @Column({ type: 'text', default: 'ACTIVE' })
  status: FeedStatus;

  @Column({ type: 'int', default: 60 })
  pollIntervalMinutes: number;

  /** An editor fixed the interval; otherwise it adapts to how often the feed publishes. */
  @Column({ type: 'boolean', default: false })
  intervalFixed: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastFetchedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  @Column({ type: 'timestamptz' })
  nextFetchAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  leaseJob: string | null;

  @Column({ type: 'int', default: 0 })
  consecutiveFailures: number;

  @Column({ type: 'jsonb', nullable: true })
  lastError: StoredMessage | null;

  @Column({ type: 'int', default: 0 })
  itemCount: number;

  @Column({ type: 'text', nullable: true })
  etag: string | null;

  @Column({ type: 'text', nullable: true })
  lastModified: string | null;

  @Column({ type: 'text', nullable: true })
  lastBodyHash: string | null;

  @Column({ type: 'boolean', default: false })
  guidsUnstable: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
