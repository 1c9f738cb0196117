import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('articles')
@Index('articles_published_idx', ['publishedAt', 'id'])
export class ArticleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sectionId: string;

  @Column({ type: 'text' })
  originalLocale: string;

  @Column({ type: 'text', nullable: true })
  canonicalUrl: string | null;

  @Column({ type: 'timestamptz' })
  publishedAt: Date;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  authors: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'text', nullable: true })
  imageUrl: string | null;

  /** Enclosures and media elements of the ingested item (see feeds/normalise.ts ItemMedia). */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  media: { url: string; mimeType: string | null; length: number | null; title: string | null }[];

  /** The feed gave no readable date and the fetch time stands in for publishedAt. */
  @Column({ type: 'boolean', default: false })
  publishedAtEstimated: boolean;

  /** Bumped whenever the original text changes; translations made from an older revision are stale. */
  @Column({ type: 'int', default: 1 })
  sourceRevision: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
