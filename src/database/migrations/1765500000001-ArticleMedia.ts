import { MigrationInterface, QueryRunner } from 'typeorm';

/** Enclosures and media elements of ingested items, and whether the fetch time stands in for an unreadable date. */
export class ArticleMedia1765500000001 implements MigrationInterface {
  name = 'ArticleMedia1765500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE articles ADD COLUMN media jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`ALTER TABLE articles ADD COLUMN published_at_estimated boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE articles DROP COLUMN published_at_estimated`);
    await q.query(`ALTER TABLE articles DROP COLUMN media`);
  }
}
