import { claimDue, type DueRow } from '../../src/queues/claim-due';
import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

/** "10,000 feeds cost no busy polling": the dispatcher finds the due few through an index, not a scan. */
describe('dispatching among 10,000 feeds', () => {
  let t: TestApp;
  let sectionId: string;
  beforeAll(async () => {
    t = await TestApp.start();
    sectionId = (await makeSection(t, await t.key('ADMIN'))).id;
    // 10,000 feeds, 25 of them due now, the rest due over the next week; a few paused or disabled.
    await t.dataSource.query(
      `INSERT INTO feeds (section_id, url, status, next_fetch_at)
       SELECT $1, 'http://127.0.0.1:9/scale/' || i,
              CASE WHEN i % 97 = 0 THEN 'PAUSED' WHEN i % 89 = 0 THEN 'DISABLED' ELSE 'ACTIVE' END,
              CASE WHEN i <= 25 THEN now() - interval '1 minute' ELSE now() + (i || ' minutes')::interval END
         FROM generate_series(1, 10000) AS i`,
      [sectionId],
    );
    await t.dataSource.query('ANALYZE feeds');
  });
  afterAll(async () => {
    await t.dataSource.query(`DELETE FROM feeds WHERE section_id = $1`, [sectionId]);
    await t.close();
  });

  it('the due query reads the partial due-time index, not the table', async () => {
    const [{ 'QUERY PLAN': plan }] = await t.dataSource.query(
      `EXPLAIN (FORMAT JSON) SELECT id, next_fetch_at FROM feeds
        WHERE status IN ('ACTIVE','FAILING') AND next_fetch_at <= now()
        ORDER BY next_fetch_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
    );
    const text = JSON.stringify(plan);
    expect(text).toContain('feeds_due_idx');
    expect(text).not.toContain('Seq Scan');
  });

  it('claims exactly the due feeds once, and leases them so the next dispatch skips them', async () => {
    const ours = async (due: DueRow[]) =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM feeds WHERE section_id = $1 AND id = ANY($2::uuid[])`, [sectionId, due.map((d) => d.id)]))[0].n;
    let first = 0;
    await claimDue(t.dataSource, 'feeds', 500, 600, async (due) => {
      first = await ours(due);
    });
    expect(first).toBe(25);
    let second = -1;
    await claimDue(t.dataSource, 'feeds', 500, 600, async (due) => {
      second = await ours(due);
    });
    expect(second === -1 ? 0 : second).toBe(0);
  });
});
