import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The original's text at each source revision, written by database triggers (on the original translation
 * and on articles.source_revision) so that every writer is covered, including raw SQL.
 */
@Entity('article_revisions')
export class ArticleRevisionEntity {
  @PrimaryColumn({ type: 'uuid' })
  articleId: string;

  @PrimaryColumn({ type: 'int' })
  revision: number;

  @Column({ type: 'text' })
  locale: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', nullable: true })
  bodyHtml: string | null;

  @Column({ type: 'bigint' })
  writtenByTx: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
