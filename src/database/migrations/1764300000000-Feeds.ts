import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feed ingestion: feeds with their schedule (the due time lives here, indexed), item identities on
 * articles (unique per section), tombstones of deleted items, and sections' encrypted push secrets.
 */
export class Feeds1764300000000 implements MigrationInterface {
  name = 'Feeds1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        section_id uuid NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        url text NOT NULL,
        locale text,
        format text CHECK (format IN ('RSS','ATOM','RDF','JSON_FEED')),
        title text,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','FAILING','DISABLED','PAUSED')),
        poll_interval_minutes int NOT NULL DEFAULT 60 CHECK (poll_interval_minutes > 0),
        interval_fixed boolean NOT NULL DEFAULT false,
        last_fetched_at timestamptz,
        last_success_at timestamptz,
        next_fetch_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        lease_job text,
        consecutive_failures int NOT NULL DEFAULT 0,
        last_error jsonb,
        item_count int NOT NULL DEFAULT 0,
        etag text,
        last_modified text,
        last_body_hash text,
        guids_unstable boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX feeds_section_url_uq ON feeds (section_id, url)`);
    // The dispatcher's one query: due feeds in due order, only those that may be polled.
    await q.query(`CREATE INDEX feeds_due_idx ON feeds (next_fetch_at) WHERE status IN ('ACTIVE','FAILING')`);

    await q.query(`ALTER TABLE articles ADD COLUMN identity text`);
    await q.query(`ALTER TABLE articles ADD COLUMN content_hash text`);
    await q.query(`ALTER TABLE articles ADD COLUMN feed_id uuid REFERENCES feeds(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE articles ADD COLUMN alternate_urls text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE UNIQUE INDEX articles_section_identity_uq ON articles (section_id, identity) WHERE identity IS NOT NULL`);
    await q.query(`CREATE INDEX articles_feed_idx ON articles (feed_id) WHERE feed_id IS NOT NULL`);
    await q.query(`CREATE INDEX articles_alternate_urls_idx ON articles USING gin (alternate_urls)`);

    await q.query(`
      CREATE TABLE ingest_tombstones (
        section_id uuid NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        identity text NOT NULL,
        article_id uuid,
        deleted_by text,
        deleted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (section_id, identity)
      )`);

    await q.query(`
      CREATE TABLE section_push_secrets (
        section_id uuid PRIMARY KEY REFERENCES sections(id) ON DELETE CASCADE,
        current_secret text NOT NULL,
        previous_secret text,
        previous_valid_until timestamptz,
        rotated_at timestamptz NOT NULL DEFAULT now(),
        last_push_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE section_push_secrets`);
    await q.query(`DROP TABLE ingest_tombstones`);
    await q.query(`DROP INDEX articles_alternate_urls_idx`);
    await q.query(`DROP INDEX articles_feed_idx`);
    await q.query(`DROP INDEX articles_section_identity_uq`);
    await q.query(`ALTER TABLE articles DROP COLUMN alternate_urls, DROP COLUMN feed_id, DROP COLUMN content_hash, DROP COLUMN identity`);
    await q.query(`DROP TABLE feeds`);
  }
}
