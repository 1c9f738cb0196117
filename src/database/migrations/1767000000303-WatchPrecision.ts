import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Watches as precise as the tools editors know (issue 15): item exclusions (-term), all-of terms (AND),
 * near pairs (NEAR/n), and a language and source filter. Source ids are an array (a watch names a few);
 * deleting a source a watch names is refused by the service, under row locks (see WatchRepository).
 */
export class WatchPrecision1767000000303 implements MigrationInterface {
  name = 'WatchPrecision1767000000303';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE watches
        ADD COLUMN exclude_items_with text[] NOT NULL DEFAULT '{}',
        ADD COLUMN all_of text[] NOT NULL DEFAULT '{}',
        ADD COLUMN near jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(near) = 'array'),
        ADD COLUMN locales text[] NOT NULL DEFAULT '{}',
        ADD COLUMN source_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX watches_source_ids_idx ON watches USING gin (source_ids)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX watches_source_ids_idx`);
    await q.query(`ALTER TABLE watches DROP COLUMN exclude_items_with, DROP COLUMN all_of, DROP COLUMN near, DROP COLUMN locales, DROP COLUMN source_ids`);
  }
}
