import { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildSearchVectors } from '../search-rebuild';

/**
 * Search text is computed in Node by every writer of translations (src/common/search-text.ts: folding,
 * accent-free forms, Chinese bigrams) and the vector written in the same statement, instead of a
 * PL/pgSQL trigger that built Chinese bigrams row by row (7x the cost of a bare write).
 *
 * - search_vector_from(config, title, summary, body): weights A, B, C; SQL only, inlined by the planner.
 * - search_query_for(locale, query, chinese): the Chinese reading of a query is built in Node too
 *   (chineseTsquery), with phrases and exclusions; the other languages keep websearch_to_tsquery.
 * - The trigger and its functions go; existing rows are rebuilt by the same code as `npm run search:rebuild`.
 */
export class FoldedSearchText1765600000000 implements MigrationInterface {
  name = 'FoldedSearchText1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION search_vector_from(cfg regconfig, title text, summary text, body text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector(cfg, coalesce(title, '')), 'A')
            || setweight(to_tsvector(cfg, coalesce(summary, '')), 'B')
            || setweight(to_tsvector(cfg, coalesce(body, '')), 'C')
      $$`);
    await q.query(`DROP FUNCTION search_query_for(text, text)`);
    await q.query(`DROP FUNCTION search_cjk_query(text)`);
    // The query for one locale's rows; loc NULL means every language (the union of each language's reading).
    await q.query(`
      CREATE FUNCTION search_query_for(loc text, query text, chinese tsquery) RETURNS tsquery
      LANGUAGE plpgsql STABLE AS $$
      DECLARE
        c record;
        result tsquery;
      BEGIN
        IF loc IS NULL THEN
          result := websearch_to_tsquery('simple', query);
          FOR c IN SELECT DISTINCT config, cjk_bigrams FROM search_locale_configs LOOP
            result := result || CASE WHEN c.cjk_bigrams THEN chinese ELSE websearch_to_tsquery(c.config, query) END;
          END LOOP;
          RETURN result;
        END IF;
        SELECT config, cjk_bigrams INTO c FROM search_locale_configs WHERE locale = loc;
        IF NOT FOUND THEN RETURN websearch_to_tsquery('simple', query); END IF;
        RETURN CASE WHEN c.cjk_bigrams THEN chinese ELSE websearch_to_tsquery(c.config, query) END;
      END
      $$`);
    await q.query(`DROP TRIGGER translations_search_vector ON translations`);
    await q.query(`DROP FUNCTION translations_search_vector_trigger()`);
    await q.query(`DROP FUNCTION search_vector_of(text, text, text, text)`);
    await q.query(`DROP FUNCTION search_cjk_bigrams(text)`);
    await rebuildSearchVectors(q);
  }

  async down(): Promise<void> {
    // The old trigger computed differently folded vectors; going back means restoring the backup.
    throw new Error('FoldedSearchText cannot be reverted: restore from a backup taken before it');
  }
}
