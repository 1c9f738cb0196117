import { MigrationInterface, QueryRunner } from 'typeorm';

/** A feed's site (htmlUrl): from its own <link> after a poll, or from the OPML outline it was imported from (issue 15). */
export class FeedHtmlUrl1766800000700 implements MigrationInterface {
  name = 'FeedHtmlUrl1766800000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feeds ADD COLUMN html_url text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feeds DROP COLUMN html_url`);
  }
}
