import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const EVENT_ACTIONS = ['CLAIM', 'RELEASE', 'SAVE', 'SUBMIT', 'APPROVE', 'REJECT', 'EDIT_ORIGINAL'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** One step in a translation's history: who did what, when, from which status to which, and why. */
@Entity('translation_events')
export class TranslationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  articleId: string;

  @Column({ type: 'text' })
  locale: string;

  @Column({ type: 'text' })
  action: EventAction;

  @Column({ type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ type: 'text', nullable: true })
  toStatus: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorKeyId: string | null;

  @Column({ type: 'text' })
  actorName: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
