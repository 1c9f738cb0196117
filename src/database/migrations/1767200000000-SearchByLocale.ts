import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search in one language through one index: the published translations' GIN index also holds the locale
 * (btree_gin). With the vector alone, PostgreSQL estimates any lexeme it has no statistics for at 0.5% of
 * the rows and ANDs the hits with the locale's btree entries: at 100,000 articles a rare word in English
 * read all 47,000 English entries (76 ms); through this index, 3.5 ms. Searches without a locale use the
 * same index (a GIN index answers any subset of its columns).
 */
export class SearchByLocale1767200000000 implements MigrationInterface {
  name = 'SearchByLocale1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await q.query(`CREATE INDEX translations_search_locale_idx ON translations USING gin (locale, search_vector) WHERE status = 'PUBLISHED'`);
    await q.query(`DROP INDEX translations_search_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX translations_search_idx ON translations USING gin (search_vector) WHERE status = 'PUBLISHED'`);
    await q.query(`DROP INDEX translations_search_locale_idx`);
  }
}
