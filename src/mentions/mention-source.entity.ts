import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type MentionSourceStatus = 'ACTIVE' | 'FAILING' | 'DISABLED' | 'PAUSED';

/** An external feed polled for mentions, scheduled like a section feed (the due time lives here). */
@Entity('mention_sources')
export class MentionSourceEntity {
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

  @Column({ type: 'text', default: 'ACTIVE' })
  status: MentionSourceStatus;

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

  /** The last failure as a message key and params, translated when read. */
  @Column({ type: 'jsonb', nullable: true })
  lastError: { key: string; params?: Record<string, unknown> } | null;

  @Column({ type: 'int', default: 0 })
  itemCount: number;

  @Column({ type: 'text', nullable: true })
  etag: string | null;

  @Column({ type: 'text', nullable: true })
  lastModified: string | null;

  @Column({ type: 'text', nullable: true })
  lastBodyHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
