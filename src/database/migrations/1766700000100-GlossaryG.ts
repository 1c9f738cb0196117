import { MigrationInterface, QueryRunner } from 'typeorm';

/** Protected terms per locale pair (issue 14), owned by src/glossary. One term per pair and source, ignoring case. */
export class GlossaryG1766700000100 implements MigrationInterface {
  name = 'GlossaryG1766700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE glossary_terms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_locale text NOT NULL,
        target_locale text NOT NULL,
        source text NOT NULL,
        target text NOT NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT glossary_terms_pair_ck CHECK (source_locale <> target_locale)
      )`);
    await q.query(`CREATE UNIQUE INDEX glossary_terms_pair_source_uq ON glossary_terms (source_locale, target_locale, lower(source))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE glossary_terms`);
  }
}
