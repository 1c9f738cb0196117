import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mention tracking: watches (terms with match modes, exclusions), external mention sources polled like
 * section feeds (the due time lives here, indexed), and mentions: one per watch and canonical URL, with
 * a MinHash signature and LSH bands so that near-duplicate stories from several outlets share a story id.
 */
export class Mentions1764500000000 implements MigrationInterface {
  name = 'Mentions1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE watches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        terms jsonb NOT NULL CHECK (jsonb_typeof(terms) = 'array' AND jsonb_array_length(terms) > 0),
        excludes text[] NOT NULL DEFAULT '{}',
        section_id uuid REFERENCES sections(id) ON DELETE SET NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE mention_sources (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        url text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 50),
        locale text,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','FAILING','DISABLED','PAUSED')),
        poll_interval_minutes int NOT NULL DEFAULT 60 CHECK (poll_interval_minutes > 0),
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
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mention_sources_due_idx ON mention_sources (next_fetch_at) WHERE status IN ('ACTIVE','FAILING')`);
    await q.query(`
      CREATE TABLE mentions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        watch_id uuid NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
        url text NOT NULL,
        title text,
        excerpt text NOT NULL,
        locale text,
        source_name text NOT NULL,
        source_id uuid REFERENCES mention_sources(id) ON DELETE SET NULL,
        published_at timestamptz,
        found_at timestamptz NOT NULL DEFAULT now(),
        matched_terms text[] NOT NULL DEFAULT '{}',
        section_ids uuid[] NOT NULL DEFAULT '{}',
        article_ids uuid[] NOT NULL DEFAULT '{}',
        story_id uuid NOT NULL,
        minhash int[] NOT NULL DEFAULT '{}',
        lsh_bands int[] NOT NULL DEFAULT '{}',
        reported_by text
      )`);
    await q.query(`CREATE UNIQUE INDEX mentions_watch_url_uq ON mentions (watch_id, url)`);
    await q.query(`CREATE INDEX mentions_found_idx ON mentions (found_at DESC, id DESC)`);
    await q.query(`CREATE INDEX mentions_watch_found_idx ON mentions (watch_id, found_at DESC, id DESC)`);
    await q.query(`CREATE INDEX mentions_sections_idx ON mentions USING gin (section_ids)`);
    await q.query(`CREATE INDEX mentions_bands_idx ON mentions USING gin (lsh_bands)`);
    await q.query(`CREATE INDEX mentions_story_idx ON mentions (story_id)`);
    await q.query(`CREATE INDEX mentions_url_idx ON mentions (url)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mentions`);
    await q.query(`DROP TABLE mention_sources`);
    await q.query(`DROP TABLE watches`);
  }
}
