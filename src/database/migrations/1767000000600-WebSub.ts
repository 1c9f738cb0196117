import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * WebSub subscriptions of section feeds (one per feed: the hub it advertised, the topic, the secret the hub
 * signs content with, sealed like push secrets), and content distributions queued as pushed documents of
 * their feed (feed_id), so the worker ingests them with the feed's locale and links them to it.
 */
export class WebSub1767000000600 implements MigrationInterface {
  name = 'WebSub1767000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE websub_subscriptions (
        feed_id uuid PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
        hub_url text NOT NULL,
        topic_url text NOT NULL,
        secret text NOT NULL,
        state text NOT NULL CHECK (state IN ('REQUESTED', 'ACTIVE', 'DENIED', 'FAILED')),
        lease_seconds int,
        expires_at timestamptz,
        renew_at timestamptz,
        renew_lease_until timestamptz,
        consecutive_failures int NOT NULL DEFAULT 0,
        last_error jsonb,
        requested_at timestamptz,
        verified_at timestamptz,
        hub_answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX websub_subscriptions_renew_idx ON websub_subscriptions (renew_at) WHERE renew_at IS NOT NULL`);
    await q.query(`ALTER TABLE pushed_documents ADD COLUMN feed_id uuid REFERENCES feeds(id) ON DELETE CASCADE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pushed_documents DROP COLUMN feed_id`);
    await q.query(`DROP TABLE websub_subscriptions`);
  }
}
