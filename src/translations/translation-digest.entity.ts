import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The daily digest composed for one translator's key: one per key and day (the job is idempotent). */
@Entity('translation_digests')
export class TranslationDigestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  keyId: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'text' })
  language: string;

  /** Waiting tasks per locale: { "ur": { "missing": 3, "stale": 1, "rejected": 0, "total": 4 } }. */
  @Column({ type: 'jsonb' })
  counts: Record<string, { missing: number; stale: number; rejected: number; total: number }>;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
