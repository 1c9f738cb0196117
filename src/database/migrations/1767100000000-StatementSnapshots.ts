import { MigrationInterface, QueryRunner } from 'typeorm';
import { ROW_SNAPSHOT_TRIGGERS } from './1764400000000-TranslationDesk';

/**
 * The snapshots of the original text per source revision (TranslationDesk migration), kept by statement
 * triggers over transition tables instead of row triggers: one INSERT ... SELECT per statement, not a
 * PL/pgSQL call and a look-up of the article per row written (ingestion writes hundreds per statement).
 * The rules are the row triggers' own:
 * - an original inserted, or updated with another text (or become the original): its text is the
 *   article's current revision's; a snapshot is overwritten only when this transaction wrote it, or when
 *   it still holds the row's previous text and an earlier revision holds that text too (the revision was
 *   bumped before its text came);
 * - an article's source_revision changed: the new revision starts with the original's current text,
 *   overwriting only a snapshot this transaction wrote.
 * Transition tables rule out a column list, so the UPDATE triggers fire on every update statement and
 * filter the rows themselves.
 */
/** A snapshot row already there is overwritten only when this transaction wrote it (further conditions may follow). */
const OVERWRITE_OWN_SNAPSHOT = `ON CONFLICT (article_id, revision) DO UPDATE
          SET locale = EXCLUDED.locale, title = EXCLUDED.title, summary = EXCLUDED.summary,
              body_html = EXCLUDED.body_html, written_by_tx = txid_current()
          WHERE r.written_by_tx = txid_current()`;

export class StatementSnapshots1767100000000 implements MigrationInterface {
  name = 'StatementSnapshots1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER translations_snapshot_original ON translations`);
    await q.query(`DROP TRIGGER articles_snapshot_revision ON articles`);

    await q.query(`
      CREATE FUNCTION newsdesk_snapshot_inserted_originals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO article_revisions AS r (article_id, revision, locale, title, summary, body_html)
        SELECT n.article_id, a.source_revision, n.locale, n.title, n.summary, n.body_html
          FROM new_rows n JOIN articles a ON a.id = n.article_id
         WHERE n.is_original
        ${OVERWRITE_OWN_SNAPSHOT};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER translations_snapshot_inserted AFTER INSERT ON translations
      REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_snapshot_inserted_originals()`);

    await q.query(`
      CREATE FUNCTION newsdesk_snapshot_updated_originals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO article_revisions AS r (article_id, revision, locale, title, summary, body_html)
        SELECT n.article_id, a.source_revision, n.locale, n.title, n.summary, n.body_html
          FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN articles a ON a.id = n.article_id
         WHERE n.is_original
           AND NOT (o.is_original AND (n.title, n.summary, n.body_html) IS NOT DISTINCT FROM (o.title, o.summary, o.body_html))
        ${OVERWRITE_OWN_SNAPSHOT}
             OR (EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                          WHERE n.article_id = r.article_id AND n.is_original
                            AND (r.title, r.summary, r.body_html) IS NOT DISTINCT FROM (o.title, o.summary, o.body_html))
                 AND EXISTS (SELECT 1 FROM article_revisions p
                             WHERE p.article_id = r.article_id AND p.revision < r.revision
                               AND (p.title, p.summary, p.body_html) IS NOT DISTINCT FROM (r.title, r.summary, r.body_html)));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER translations_snapshot_updated AFTER UPDATE ON translations
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_snapshot_updated_originals()`);

    await q.query(`
      CREATE FUNCTION newsdesk_snapshot_bumped_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO article_revisions AS r (article_id, revision, locale, title, summary, body_html)
        SELECT n.id, n.source_revision, t.locale, t.title, t.summary, t.body_html
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          JOIN translations t ON t.article_id = n.id AND t.is_original
         WHERE n.source_revision IS DISTINCT FROM o.source_revision
        ${OVERWRITE_OWN_SNAPSHOT};
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER articles_snapshot_bumped AFTER UPDATE ON articles
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_snapshot_bumped_revisions()`);

    await q.query(`DROP FUNCTION newsdesk_snapshot_original_text()`);
    await q.query(`DROP FUNCTION newsdesk_snapshot_revision()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER articles_snapshot_bumped ON articles`);
    await q.query(`DROP TRIGGER translations_snapshot_updated ON translations`);
    await q.query(`DROP TRIGGER translations_snapshot_inserted ON translations`);
    await q.query(`DROP FUNCTION newsdesk_snapshot_bumped_revisions()`);
    await q.query(`DROP FUNCTION newsdesk_snapshot_updated_originals()`);
    await q.query(`DROP FUNCTION newsdesk_snapshot_inserted_originals()`);
    for (const sql of ROW_SNAPSHOT_TRIGGERS) await q.query(sql);
  }
}
