import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the hot reads at the organisation's size (100,000 articles): each is checked with
 * EXPLAIN ANALYZE in test/scale/read-plans.test.ts.
 */
export class ReadIndexes1765400000000 implements MigrationInterface {
  name = 'ReadIndexes1765400000000';

  async up(q: QueryRunner): Promise<void> {
    // article(section, slug) gives no locale: the unique (section_id, locale, slug) index would walk the
    // section's whole part of it.
    await q.query(`CREATE INDEX translations_section_slug_idx ON translations (section_id, slug)`);
    // "Has a published translation (in this locale)": answered from the index alone, without the heap.
    await q.query(`CREATE INDEX translations_published_article_idx ON translations (article_id, locale) WHERE status = 'PUBLISHED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX translations_published_article_idx`);
    await q.query(`DROP INDEX translations_section_slug_idx`);
  }
}
