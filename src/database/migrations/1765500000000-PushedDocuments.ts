import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pushed documents wait here between the API (which verifies and stores them) and the worker (which
 * parses them); the row outlives its body as the push's status. PostgreSQL rather than Redis: the body
 * survives a Redis flush or restart (the job is re-enqueued by a replay), and the status is read by
 * id with its section for access checks. The body is deleted once the push is ingested or has failed.
 */
export class PushedDocuments1765500000000 implements MigrationInterface {
  name = 'PushedDocuments1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pushed_documents (
        id text PRIMARY KEY,
        section_id uuid NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
        state text NOT NULL DEFAULT 'QUEUED' CHECK (state IN ('QUEUED', 'INGESTED', 'FAILED')),
        body bytea,
        body_bytes int NOT NULL,
        content_type text,
        received_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        item_count int,
        error_message jsonb
      )`);
    // The body is read once, in full: keep it out of line and uncompressed (feeds rarely compress well enough to pay).
    await q.query(`ALTER TABLE pushed_documents ALTER COLUMN body SET STORAGE EXTERNAL`);
    await q.query(`CREATE INDEX pushed_documents_finished_idx ON pushed_documents (finished_at) WHERE finished_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pushed_documents`);
  }
}
