import { Column, Entity, PrimaryColumn } from 'typeorm';

export const DRAFT_STATUSES = ['IN_PROGRESS', 'SUBMITTED', 'REJECTED'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/**
 * A revision in the making of a translation that is already published: readers keep the published text
 * (the translations row) until an editor approves the revision, which then replaces it.
 */
@Entity('translation_drafts')
export class TranslationDraftEntity {
  @PrimaryColumn({ type: 'uuid' })
  articleId: string;

  @PrimaryColumn({ type: 'text' })
  locale: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', nullable: true })
  bodyHtml: string | null;

  @Column({ type: 'text', nullable: true })
  slug: string | null;

  @Column({ type: 'text' })
  status: DraftStatus;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'int' })
  sourceRevision: number;

  @Column({ type: 'text', nullable: true })
  translatedBy: string | null;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}
