import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mention states and alerts (issue 15): every mention is NEW, READ or DISMISSED (unread counts use a partial
 * index); a watch's alerts (e-mail immediately or daily, a webhook) and the private token of its Atom feed
 * (hashed for checking, sealed with SECRET_KEY for showing to editors); one daily digest per watch and day.
 */
export class MentionAlerts1766800000200 implements MigrationInterface {
  name = 'MentionAlerts1766800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE mentions ADD COLUMN state text NOT NULL DEFAULT 'NEW' CONSTRAINT mentions_state_check CHECK (state IN ('NEW', 'READ', 'DISMISSED'))`,
    );
    await q.query(`CREATE INDEX mentions_watch_new_idx ON mentions (watch_id) WHERE state = 'NEW'`);
    await q.query(`
      CREATE TABLE watch_alerts (
        watch_id uuid PRIMARY KEY REFERENCES watches(id) ON DELETE CASCADE,
        email text,
        webhook_id uuid,
        frequency text CONSTRAINT watch_alerts_frequency_check CHECK (frequency IN ('IMMEDIATE', 'DAILY')),
        language text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT watch_alerts_target_check CHECK (email IS NOT NULL OR webhook_id IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE watch_feed_tokens (
        watch_id uuid PRIMARY KEY REFERENCES watches(id) ON DELETE CASCADE,
        token_hash bytea NOT NULL,
        token_sealed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE mention_digests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        watch_id uuid NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
        day date NOT NULL,
        covered_until timestamptz NOT NULL,
        mention_count int NOT NULL,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mention_digests_watch_day_uq UNIQUE (watch_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mention_digests`);
    await q.query(`DROP TABLE watch_feed_tokens`);
    await q.query(`DROP TABLE watch_alerts`);
    await q.query(`DROP INDEX mentions_watch_new_idx`);
    await q.query(`ALTER TABLE mentions DROP COLUMN state`);
  }
}
