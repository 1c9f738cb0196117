import IORedis from 'ioredis';
import { PrivateRedis } from '../support/private-services';
import { TestApp } from '../support/test-app';

describe('readiness with a Redis that may evict keys (a private redis-server)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  const saved = process.env.REDIS_URL;

  beforeAll(async () => {
    redis = await PrivateRedis.start({ settings: { 'maxmemory-policy': 'allkeys-lru' } });
    process.env.REDIS_URL = redis.url();
    t = await TestApp.start();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await redis?.cleanup();
    process.env.REDIS_URL = saved;
  });

  it('is not ready while Redis could evict job keys, and ready once it is noeviction', async () => {
    const evicting = await t.http.get('/health/ready');
    expect(evicting.status).toBe(503);
    expect(evicting.body).toMatchObject({ ready: false, redis: 'up', redisPolicy: 'allkeys-lru' });

    const admin = new IORedis(redis.url());
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.quit();
    const fixed = await t.http.get('/health/ready');
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ ready: true, redisPolicy: 'noeviction' });
  });
});
