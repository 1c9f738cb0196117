import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks (issue 15), owned by src/webhooks: the endpoints (secret sealed with SECRET_KEY, never
 * in clear) and one delivery per event occurrence and webhook (unique key, so a repeated announcement
 * delivers once), with its attempts and outcome. Deleting a webhook deletes its deliveries.
 */
export class Webhooks1766800000100 implements MigrationInterface {
  name = 'Webhooks1766800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        secret_sealed text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        consecutive_failures int NOT NULL DEFAULT 0,
        last_delivery_at timestamptz,
        last_response_status int,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event text NOT NULL,
        event_key text NOT NULL,
        body text NOT NULL,
        state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING','DELIVERED','FAILED')),
        attempts int NOT NULL DEFAULT 0,
        response_status int,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        delivered_at timestamptz,
        CONSTRAINT webhook_deliveries_key_uq UNIQUE (webhook_id, event_key)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_newest_idx ON webhook_deliveries (webhook_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (created_at) WHERE state = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhooks`);
  }
}
