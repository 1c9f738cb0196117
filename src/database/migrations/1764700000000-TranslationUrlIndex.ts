import { MigrationInterface, QueryRunner } from 'typeorm';

/** Mentions look our articles up by the URL of any language version: index translations.url. */
export class TranslationUrlIndex1764700000000 implements MigrationInterface {
  name = 'TranslationUrlIndex1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX translations_url_idx ON translations (url) WHERE url IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX translations_url_idx`);
  }
}
