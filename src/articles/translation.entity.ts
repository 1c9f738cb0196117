import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const TRANSLATION_STATUSES = ['DRAFT', 'IN_PROGRESS', 'SUBMITTED', 'PUBLISHED', 'REJECTED'] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];

@Entity('translations')
@Index('translations_article_locale_uq', ['articleId', 'locale'], { unique: true })
@Index('translations_section_locale_slug_uq', ['sectionId', 'locale', 'slug'], { unique: true })
export class TranslationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  articleId: string;

  /** Copied from the article so that slugs are unique per section and language. */
  @Column({ type: 'uuid' })
  sectionId: string;

  @Column({ type: 'text' })
  locale: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', nullable: true })
  bodyHtml: string | null;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text' })
  status: TranslationStatus;

  @Column({ type: 'boolean', default: false })
  isOriginal: boolean;

  /** Optimistic concurrency: every save increments it. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** The article's sourceRevision this text was made from. */
  @Column({ type: 'int', default: 1 })
  sourceRevision: number;

  @Column({ type: 'text', nullable: true })
  translatedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
