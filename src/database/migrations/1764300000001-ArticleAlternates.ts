import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Other-language versions an article declares, one row per URL with a btree index: translation linking
 * looks them up by URL for every ingested batch, and the GIN index on articles.alternate_urls was planned
 * as a sequential scan once the table grew. articles.alternate_urls stays, kept in step, for its readers.
 */
export class ArticleAlternates1764300000001 implements MigrationInterface {
  name = 'ArticleAlternates1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE article_alternates (
        url text NOT NULL,
        article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (url, article_id)
      )`);
    await q.query(`CREATE INDEX article_alternates_article_idx ON article_alternates (article_id)`);
    await q.query(`INSERT INTO article_alternates (url, article_id) SELECT DISTINCT unnest(alternate_urls), id FROM articles`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE article_alternates`);
  }
}
