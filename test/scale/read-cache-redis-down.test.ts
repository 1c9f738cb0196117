import { PrivateRedis } from '../support/private-services';
import { makeArticle, makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';

/** Reads go on from PostgreSQL while the cache's Redis is away (a private redis-server this test stops). */
describe('read cache without Redis', () => {
  let t: TestApp;
  let redis: PrivateRedis;
  let section: string;
  const saved = { ttl: process.env.READ_CACHE_TTL_SECONDS, url: process.env.REDIS_URL };

  beforeAll(async () => {
    // Its own port, passed to redis-server and retried when taken (never picked, closed and raced for).
    redis = await PrivateRedis.start();
    process.env.READ_CACHE_TTL_SECONDS = '300';
    process.env.REDIS_URL = redis.url();
    t = await TestApp.start();
    const admin = await t.key('ADMIN');
    const editor = await t.key('EDITOR');
    section = (await makeSection(t, admin)).slug;
    await makeArticle(t, editor, section, { title: 'Still readable' });
  });
  afterAll(async () => {
    for (const [name, value] of [['READ_CACHE_TTL_SECONDS', saved.ttl], ['REDIS_URL', saved.url]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await t.close();
    await redis?.cleanup();
  });

  it('answers the same list before and after Redis stops', async () => {
    const LIST = `query($s: String) { articles(section: $s) { totalCount edges { node { translation { title } } } } }`;
    const before = await t.gql(LIST, { variables: { s: section } });
    expect(before.data!.articles.totalCount).toBe(1);
    await redis.kill();
    const started = Date.now();
    const after = await t.gql(LIST, { variables: { s: section } });
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(before.data);
    // Skipped, not waited for: well under the API's Redis connect timeout (3 s).
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
