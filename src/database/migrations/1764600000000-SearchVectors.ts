import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search over translations, maintained by PostgreSQL itself so that rows written with raw SQL
 * (ingestion's batched upserts) are searchable exactly like rows written through TypeORM.
 *
 * - search_locale_configs: the text search configuration per locale (english, french, spanish, swedish;
 *   'simple' for Urdu, which PostgreSQL has no stemmer for). A locale without a row uses 'simple'.
 *   cjk_bigrams marks languages written without spaces (Chinese): their Han runs are indexed as
 *   overlapping character bigrams, and a query run becomes a phrase of its bigrams (an exact substring
 *   match); a single-character query is a prefix match on the bigrams.
 * - translations.search_vector: title (weight A), summary (B) and body text (C), set by a trigger.
 */
export class SearchVectors1764600000000 implements MigrationInterface {
  name = 'SearchVectors1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE search_locale_configs (
        locale text PRIMARY KEY,
        config regconfig NOT NULL,
        cjk_bigrams boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      INSERT INTO search_locale_configs (locale, config, cjk_bigrams) VALUES
        ('en', 'english', false), ('fr', 'french', false), ('es', 'spanish', false),
        ('sv', 'swedish', false), ('ur', 'simple', false), ('zh', 'simple', true)`);

    // Plain text of sanitised HTML: tags become spaces, the entities the sanitiser writes are decoded.
    await q.query(`
      CREATE FUNCTION search_html_text(html text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT replace(replace(replace(replace(replace(replace(
                 regexp_replace(coalesce(html, ''), '<[^>]*>', ' ', 'g'),
               '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#39;', ''''), '&amp;', '&')
      $$`);

    // Han runs as overlapping bigrams (each run ends with its last character alone), other text as it is.
    await q.query(`
      CREATE FUNCTION search_cjk_bigrams(txt text) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        han constant text := '[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\U00020000-\\U0002ffff]+';
        run text;
        chars text[];
        n int;
        parts text[] := '{}';
      BEGIN
        IF txt IS NULL THEN RETURN ''; END IF;
        FOR run IN SELECT m[1] FROM regexp_matches(txt, '(' || han || ')', 'g') AS m LOOP
          chars := regexp_split_to_array(run, '');
          n := array_length(chars, 1);
          FOR i IN 1 .. n - 1 LOOP
            parts := parts || (chars[i] || chars[i + 1]);
          END LOOP;
          parts := parts || chars[n];
        END LOOP;
        RETURN regexp_replace(txt, han, ' ', 'g') || ' ' || array_to_string(parts, ' ');
      END
      $$`);

    await q.query(`
      CREATE FUNCTION search_cjk_query(query text) RETURNS tsquery
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        han constant text := '[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\U00020000-\\U0002ffff]+';
        run text;
        chars text[];
        n int;
        grams text[];
        result tsquery := plainto_tsquery('simple', regexp_replace(query, han, ' ', 'g'));
      BEGIN
        FOR run IN SELECT m[1] FROM regexp_matches(query, '(' || han || ')', 'g') AS m LOOP
          chars := regexp_split_to_array(run, '');
          n := array_length(chars, 1);
          IF n = 1 THEN
            result := result && to_tsquery('simple', chars[1] || ':*');
          ELSE
            grams := '{}';
            FOR i IN 1 .. n - 1 LOOP
              grams := grams || (chars[i] || chars[i + 1]);
            END LOOP;
            result := result && phraseto_tsquery('simple', array_to_string(grams, ' '));
          END IF;
        END LOOP;
        RETURN result;
      END
      $$`);

    await q.query(`
      CREATE FUNCTION search_vector_of(loc text, title text, summary text, body_html text) RETURNS tsvector
      LANGUAGE plpgsql STABLE AS $$
      DECLARE
        cfg regconfig := 'simple';
        cjk boolean := false;
        body text := search_html_text(body_html);
      BEGIN
        SELECT c.config, c.cjk_bigrams INTO cfg, cjk FROM search_locale_configs c WHERE c.locale = loc;
        IF NOT FOUND THEN cfg := 'simple'; cjk := false; END IF;
        IF cjk THEN
          title := search_cjk_bigrams(title);
          summary := search_cjk_bigrams(summary);
          body := search_cjk_bigrams(body);
        END IF;
        RETURN setweight(to_tsvector(cfg, coalesce(title, '')), 'A')
            || setweight(to_tsvector(cfg, coalesce(summary, '')), 'B')
            || setweight(to_tsvector(cfg, coalesce(body, '')), 'C');
      END
      $$`);

    // The query for one locale's rows; loc NULL means every language (the union of each language's reading).
    await q.query(`
      CREATE FUNCTION search_query_for(loc text, query text) RETURNS tsquery
      LANGUAGE plpgsql STABLE AS $$
      DECLARE
        c record;
        result tsquery;
      BEGIN
        IF loc IS NULL THEN
          result := websearch_to_tsquery('simple', query);
          FOR c IN SELECT DISTINCT config, cjk_bigrams FROM search_locale_configs LOOP
            result := result || CASE WHEN c.cjk_bigrams THEN search_cjk_query(query) ELSE websearch_to_tsquery(c.config, query) END;
          END LOOP;
          RETURN result;
        END IF;
        SELECT config, cjk_bigrams INTO c FROM search_locale_configs WHERE locale = loc;
        IF NOT FOUND THEN RETURN websearch_to_tsquery('simple', query); END IF;
        RETURN CASE WHEN c.cjk_bigrams THEN search_cjk_query(query) ELSE websearch_to_tsquery(c.config, query) END;
      END
      $$`);

    await q.query(`ALTER TABLE translations ADD COLUMN search_vector tsvector`);
    await q.query(`
      CREATE FUNCTION translations_search_vector_trigger() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector := search_vector_of(NEW.locale, NEW.title, NEW.summary, NEW.body_html);
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER translations_search_vector
      BEFORE INSERT OR UPDATE OF locale, title, summary, body_html ON translations
      FOR EACH ROW EXECUTE FUNCTION translations_search_vector_trigger()`);
    await q.query(`UPDATE translations SET search_vector = search_vector_of(locale, title, summary, body_html)`);
    await q.query(`CREATE INDEX translations_search_idx ON translations USING gin (search_vector) WHERE status = 'PUBLISHED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX translations_search_idx`);
    await q.query(`DROP TRIGGER translations_search_vector ON translations`);
    await q.query(`DROP FUNCTION translations_search_vector_trigger()`);
    await q.query(`ALTER TABLE translations DROP COLUMN search_vector`);
    await q.query(`DROP FUNCTION search_query_for(text, text)`);
    await q.query(`DROP FUNCTION search_vector_of(text, text, text, text)`);
    await q.query(`DROP FUNCTION search_cjk_query(text)`);
    await q.query(`DROP FUNCTION search_cjk_bigrams(text)`);
    await q.query(`DROP FUNCTION search_html_text(text)`);
    await q.query(`DROP TABLE search_locale_configs`);
  }
}
