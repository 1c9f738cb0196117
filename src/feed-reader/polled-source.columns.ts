import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';

export const FEED_STATUSES = ['ACTIVE', 'FAILING', 'DISABLED', 'PAUSED'] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];

/** A message for people, stored untranslated: an i18next key and its parameters. */
export interface StoredMessage {
  key: string;
  params?: Record<string, unknown>;
}

/**
 * What every polled feed keeps, section feeds and mention sources alike: its status and due time (which
 * live in PostgreSQL, not in Redis), the lease of the job polling it, failures, and the validators of
 * conditional GET. The worker's scheduling and back-off read and write these columns.
 */
export abstract class PolledSourceColumns {
  @Column({ type: 'text', default: 'ACTIVE' })
  status: FeedStatus;

  @Column({ type: 'int', default: 60 })
  pollIntervalMinutes: number;

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

  /** The last failure, translated when read. */
  @Column({ type: 'jsonb', nullable: true })
  lastError: StoredMessage | null;

  @Column({ type: 'int', default: 0 })
  itemCount: number;

  @Column({ type: 'text', nullable: true })
  etag: string | null;

  @Column({ type: 'text', nullable: true })
  lastModified: string | null;

  /** A body whose hash equals this one is not parsed again, even from a server without ETags. */
  @Column({ type: 'text', nullable: true })
  lastBodyHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
