import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log (issue 15): every change, newest first through (at, id). Rows are only ever inserted. */
export class AuditLogH51766800000800 implements MigrationInterface {
  name = 'AuditLogH51766800000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        actor_key_id uuid,
        action text NOT NULL,
        target text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_newest ON audit_log (at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
  }
}
