import { MigrationInterface, QueryRunner } from 'typeorm';

/** A key may carry an e-mail address (the daily digest goes there) and the language its mail is written in (issue 14). */
export class KeyMailG1766700000300 implements MigrationInterface {
  name = 'KeyMailG1766700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN email text, ADD COLUMN locale text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP COLUMN email, DROP COLUMN locale`);
  }
}
