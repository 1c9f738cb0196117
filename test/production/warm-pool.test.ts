import { WARM_CONNECTIONS } from '../../src/database/data-source';
import { TestApp } from '../support/test-app';

interface PoolCounts {
  totalCount: number;
  idleCount: number;
}

/**
 * The API opens its warm database connections at start and keeps them: a request beside another one (a
 * /health call beside a push, in bench:ingest) does not wait for a new connection to open.
 */
describe('database pool: warm connections', () => {
  let t: TestApp;
  const pool = () => (t.dataSource.driver as unknown as { master: PoolCounts }).master;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has its warm connections open and idle as soon as it has started', () => {
    expect(WARM_CONNECTIONS).toBe(2);
    expect(pool().totalCount).toBeGreaterThanOrEqual(WARM_CONNECTIONS);
    expect(pool().idleCount).toBe(pool().totalCount);
  });

  it('answers two statements at once without opening a connection', async () => {
    const before = pool().totalCount;
    await Promise.all([t.dataSource.query('SELECT pg_sleep(0.05)'), t.dataSource.query('SELECT pg_sleep(0.05)')]);
    expect(pool().totalCount).toBe(before);
  });
});
