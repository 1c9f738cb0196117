import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The translation desk: claims, drafts of revisions to published translations, the history of every
 * transition, snapshots of the original text per source revision (kept by triggers, so that writers
 * using plain SQL, like feed ingestion, are covered too) and the translators' daily digests.
 */
export class TranslationDesk1764400000000 implements MigrationInterface {
  name = 'TranslationDesk1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per (article, locale) at most: the primary key is what makes a claim atomic
    // (INSERT ... ON CONFLICT DO UPDATE ... WHERE the old claim expired or is the caller's own).
    await q.query(`
      CREATE TABLE translation_claims (
        article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        locale text NOT NULL,
        key_id uuid NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        claimer_name text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (article_id, locale)
      )`);
    await q.query(`CREATE INDEX translation_claims_key_idx ON translation_claims (key_id)`);

    // Work on a translation that is already published happens here, so readers keep the published text
    // until the revision is approved. (Work on a never-published translation is the translations row itself.)
    await q.query(`
      CREATE TABLE translation_drafts (
        article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        locale text NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        summary text,
        body_html text,
        slug text,
        status text NOT NULL CHECK (status IN ('IN_PROGRESS','SUBMITTED','REJECTED')),
        version int NOT NULL,
        source_revision int NOT NULL,
        translated_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (article_id, locale)
      )`);

    await q.query(`
      CREATE TABLE translation_events (
        id bigserial PRIMARY KEY,
        article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        locale text NOT NULL,
        action text NOT NULL CHECK (action IN ('CLAIM','RELEASE','SAVE','SUBMIT','APPROVE','REJECT','EDIT_ORIGINAL')),
        from_status text,
        to_status text,
        actor_key_id uuid,
        actor_name text NOT NULL,
        comment text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX translation_events_article_locale_idx ON translation_events (article_id, locale, id)`);

    await q.query(`
      CREATE TABLE article_revisions (
        article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        revision int NOT NULL,
        locale text NOT NULL,
        title text NOT NULL,
        summary text,
        body_html text,
        written_by_tx bigint NOT NULL DEFAULT txid_current(),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (article_id, revision)
      )`);

    for (const sql of ROW_SNAPSHOT_TRIGGERS) await q.query(sql);

    // Articles that exist already: their current text is their current revision's.
    await q.query(`
      INSERT INTO article_revisions (article_id, revision, locale, title, summary, body_html)
      SELECT a.id, a.source_revision, t.locale, t.title, t.summary, t.body_html
      FROM articles a JOIN translations t ON t.article_id = a.id AND t.is_original
      ON CONFLICT DO NOTHING`);

    await q.query(`
      CREATE TABLE translation_digests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key_id uuid NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        day date NOT NULL,
        language text NOT NULL,
        counts jsonb NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (key_id, day)
      )`);

    // The queue and coverage scan translations by locale.
    await q.query(`CREATE INDEX translations_locale_article_idx ON translations (locale, article_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX translations_locale_article_idx`);
    await q.query(`DROP TABLE translation_digests`);
    await q.query(`DROP TRIGGER articles_snapshot_revision ON articles`);
    await q.query(`DROP FUNCTION newsdesk_snapshot_revision()`);
    await q.query(`DROP TRIGGER translations_snapshot_original ON translations`);
    await q.query(`DROP FUNCTION newsdesk_snapshot_original_text()`);
    await q.query(`DROP TABLE article_revisions`);
    await q.query(`DROP TABLE translation_events`);
    await q.query(`DROP TABLE translation_drafts`);
    await q.query(`DROP TABLE translation_claims`);
  }
}

/**
 * The row triggers that keep article_revisions (replaced by statement triggers in StatementSnapshots,
 * whose down() brings these back).
 *
 * The original's text changed: record it as the text of the article's current revision. An existing
 * snapshot is only overwritten when this transaction wrote it (a bump followed by the new text), or when
 * the revision was bumped earlier without its text yet (the snapshot still equals the previous revision's).
 * An edit made before the bump in the same transaction therefore never clobbers the older revision.
 * The revision was bumped: the new revision starts with the original's current text.
 */
export const ROW_SNAPSHOT_TRIGGERS = [
  `
      CREATE FUNCTION newsdesk_snapshot_original_text() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        rev int;
      BEGIN
        IF NOT NEW.is_original THEN
          RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.is_original AND NEW.title IS NOT DISTINCT FROM OLD.title
           AND NEW.summary IS NOT DISTINCT FROM OLD.summary AND NEW.body_html IS NOT DISTINCT FROM OLD.body_html THEN
          RETURN NULL;
        END IF;
        SELECT source_revision INTO rev FROM articles WHERE id = NEW.article_id;
        IF rev IS NULL THEN
          RETURN NULL;
        END IF;
        INSERT INTO article_revisions AS r (article_id, revision, locale, title, summary, body_html)
        VALUES (NEW.article_id, rev, NEW.locale, NEW.title, NEW.summary, NEW.body_html)
        ON CONFLICT (article_id, revision) DO UPDATE
          SET locale = EXCLUDED.locale, title = EXCLUDED.title, summary = EXCLUDED.summary,
              body_html = EXCLUDED.body_html, written_by_tx = txid_current()
          WHERE r.written_by_tx = txid_current()
             OR (TG_OP = 'UPDATE'
                 AND (r.title, r.summary, r.body_html) IS NOT DISTINCT FROM (OLD.title, OLD.summary, OLD.body_html)
                 AND EXISTS (SELECT 1 FROM article_revisions p
                             WHERE p.article_id = r.article_id AND p.revision < r.revision
                               AND (p.title, p.summary, p.body_html) IS NOT DISTINCT FROM (r.title, r.summary, r.body_html)));
        RETURN NULL;
      END $$`,
  `
      CREATE TRIGGER translations_snapshot_original
      AFTER INSERT OR UPDATE OF title, summary, body_html, is_original ON translations
      FOR EACH ROW EXECUTE FUNCTION newsdesk_snapshot_original_text()`,
  `
      CREATE FUNCTION newsdesk_snapshot_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.source_revision IS NOT DISTINCT FROM OLD.source_revision THEN
          RETURN NULL;
        END IF;
        INSERT INTO article_revisions AS r (article_id, revision, locale, title, summary, body_html)
        SELECT NEW.id, NEW.source_revision, t.locale, t.title, t.summary, t.body_html
        FROM translations t WHERE t.article_id = NEW.id AND t.is_original
        ON CONFLICT (article_id, revision) DO UPDATE
          SET locale = EXCLUDED.locale, title = EXCLUDED.title, summary = EXCLUDED.summary,
              body_html = EXCLUDED.body_html, written_by_tx = txid_current()
          WHERE r.written_by_tx = txid_current();
        RETURN NULL;
      END $$`,
  `
      CREATE TRIGGER articles_snapshot_revision
      AFTER UPDATE OF source_revision ON articles
      FOR EACH ROW EXECUTE FUNCTION newsdesk_snapshot_revision()`,
];
