import { MigrationInterface, QueryRunner } from 'typeorm';

/** The reader languages, a partition each; a locale added later lands in the default partition. */
const PARTITIONED_LOCALES = ['en', 'fr', 'es', 'sv', 'ur', 'zh'];

/**
 * Vectors stay in the row up to a page: by default a row over 2 KB has its vector moved out to the TOAST
 * table, and Chinese vectors (bigrams, 1.7 KB on average) were ranked through it: 72 ms for a common word
 * against 29 ms with the vectors in the row (psql, 29,716 Chinese rows).
 */
const INLINE_VECTORS = 'WITH (toast_tuple_target = 8160)';

/** Writes the entries of the published rows among `rows` (new ones, or ones whose entry changed). */
const UPSERT_ENTRIES = (rows: string, where: string) => `
  INSERT INTO search_entries (translation_id, article_id, section_id, locale, search_vector)
  SELECT n.id, n.article_id, n.section_id, n.locale, n.search_vector FROM ${rows}
   WHERE n.status = 'PUBLISHED' AND n.search_vector IS NOT NULL ${where}
  ON CONFLICT (translation_id, locale) DO UPDATE
    SET article_id = EXCLUDED.article_id, section_id = EXCLUDED.section_id, search_vector = EXCLUDED.search_vector;`;

/** The statement triggers on translations that keep search_entries, one per event. */
const TRIGGERS = [
  { name: 'inserted', event: 'INSERT', referencing: 'REFERENCING NEW TABLE AS new_rows', body: UPSERT_ENTRIES('new_rows n', '') },
  {
    name: 'updated',
    event: 'UPDATE',
    referencing: 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
    body: `
      DELETE FROM search_entries s USING old_rows o JOIN new_rows n ON n.id = o.id
       WHERE s.locale = o.locale AND s.translation_id = o.id
         AND (n.status <> 'PUBLISHED' OR n.search_vector IS NULL OR n.locale <> o.locale);
      ${UPSERT_ENTRIES(
        'new_rows n JOIN old_rows o ON o.id = n.id',
        `AND (o.status, o.locale, o.article_id, o.section_id, o.search_vector)
             IS DISTINCT FROM ('PUBLISHED', n.locale, n.article_id, n.section_id, n.search_vector)`,
      )}`,
  },
  {
    name: 'deleted',
    event: 'DELETE',
    referencing: 'REFERENCING OLD TABLE AS old_rows',
    body: 'DELETE FROM search_entries s USING old_rows o WHERE s.locale = o.locale AND s.translation_id = o.id;',
  },
  { name: 'truncated', event: 'TRUNCATE', referencing: '', body: 'TRUNCATE search_entries;' },
];

/**
 * Search reads a narrow table of published translations' vectors, one partition per language, instead of
 * `translations`. A common word matches most of a language (English "report": 34,000 of 45,000 rows at
 * 100,000 articles) and every match is ranked: from `translations` that read 25,000 heap pages of wide
 * rows (100-230 ms warm); from the language's partition, 4,500 pages (28 ms).
 *
 * Writers keep setting `translations.search_vector` (computed from text folded in Node); statement
 * triggers over transition tables copy it here, so every writer and every change of status (publish,
 * reject, delete) is covered by one INSERT or DELETE per statement, not a call per row. Transition tables
 * rule out a column list, so the UPDATE trigger fires on every update statement and keeps only the rows
 * whose entry changes.
 */
export class SearchEntries1767300000000 implements MigrationInterface {
  name = 'SearchEntries1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_entries (
        translation_id uuid NOT NULL,
        article_id uuid NOT NULL,
        section_id uuid NOT NULL,
        locale text NOT NULL,
        search_vector tsvector NOT NULL,
        -- The id first: with locale first, a partition without statistics yet (after a bulk load)
        -- looked selective by locale and was read whole through this key.
        PRIMARY KEY (translation_id, locale)
      ) PARTITION BY LIST (locale)`);
    for (const locale of PARTITIONED_LOCALES) {
      await q.query(`CREATE TABLE search_entries_${locale} PARTITION OF search_entries FOR VALUES IN ('${locale}') ${INLINE_VECTORS}`);
    }
    await q.query(`CREATE TABLE search_entries_other PARTITION OF search_entries DEFAULT ${INLINE_VECTORS}`);
    await q.query(`
      INSERT INTO search_entries (translation_id, article_id, section_id, locale, search_vector)
      SELECT id, article_id, section_id, locale, search_vector FROM translations
       WHERE status = 'PUBLISHED' AND search_vector IS NOT NULL`);
    // Built after the copy: one sorted build is far cheaper than growing the index row by row.
    await q.query(`CREATE INDEX search_entries_vector_idx ON search_entries USING gin (search_vector)`);
    await q.query(`DROP INDEX translations_search_locale_idx`);

    for (const trigger of TRIGGERS) {
      await q.query(`CREATE FUNCTION newsdesk_search_entries_${trigger.name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN ${trigger.body} RETURN NULL; END $$`);
      await q.query(`CREATE TRIGGER translations_search_${trigger.name} AFTER ${trigger.event} ON translations ${trigger.referencing}
        FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_search_entries_${trigger.name}()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { name } of TRIGGERS) {
      await q.query(`DROP TRIGGER translations_search_${name} ON translations`);
      await q.query(`DROP FUNCTION newsdesk_search_entries_${name}()`);
    }
    await q.query(`CREATE INDEX translations_search_locale_idx ON translations USING gin (locale, search_vector) WHERE status = 'PUBLISHED'`);
    await q.query(`DROP TABLE search_entries`);
  }
}
