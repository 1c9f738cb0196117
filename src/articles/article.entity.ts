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

  /** Bumped whenever the original text changes; translations made from an older revision are stale. */
  @Column({ type: 'int', default: 1 })
  sourceRevision: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
