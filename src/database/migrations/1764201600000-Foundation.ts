import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sections, articles, their translations and API keys. */
export class Foundation1764201600000 implements MigrationInterface {
  name = 'Foundation1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sections (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        names jsonb NOT NULL,
        country char(2),
        default_locale text NOT NULL,
        homepage text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE articles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        section_id uuid NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        original_locale text NOT NULL,
        canonical_url text,
        published_at timestamptz NOT NULL,
        authors text[] NOT NULL DEFAULT '{}',
        tags text[] NOT NULL DEFAULT '{}',
        image_url text,
        source_revision int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX articles_published_idx ON articles (published_at DESC, id DESC)`);
    await q.query(`CREATE INDEX articles_section_published_idx ON articles (section_id, published_at DESC, id DESC)`);
    await q.query(`CREATE INDEX articles_tags_idx ON articles USING gin (tags)`);
    await q.query(`CREATE INDEX articles_canonical_url_idx ON articles (canonical_url)`);
    await q.query(`
      CREATE TABLE translations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        article_id uuid NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        section_id uuid NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        locale text NOT NULL,
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        summary text,
        body_html text,
        slug text NOT NULL,
        url text,
        status text NOT NULL CHECK (status IN ('DRAFT','IN_PROGRESS','SUBMITTED','PUBLISHED','REJECTED')),
        is_original boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        source_revision int NOT NULL DEFAULT 1,
        translated_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX translations_article_locale_uq ON translations (article_id, locale)`);
    await q.query(`CREATE UNIQUE INDEX translations_section_locale_slug_uq ON translations (section_id, locale, slug)`);
    await q.query(`CREATE UNIQUE INDEX translations_one_original_uq ON translations (article_id) WHERE is_original`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('ADMIN','EDITOR','TRANSLATOR','PUBLISHER')),
        locales text[] NOT NULL DEFAULT '{}',
        section_id uuid REFERENCES sections(id) ON DELETE CASCADE,
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE translations`);
    await q.query(`DROP TABLE articles`);
    await q.query(`DROP TABLE sections`);
  }
}
