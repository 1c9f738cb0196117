import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import IORedis from 'ioredis';
import { TestApp } from '../support/test-app';

/** Starts an API with these settings (and its own Redis prefix, so no other test's counts interfere). */
async function startWith(env: Record<string, string>, sharedPrefix?: string): Promise<{ t: TestApp; prefix: string }> {
  const saved = { ...process.env };
  const prefix = sharedPrefix ?? `${process.env.REDIS_PREFIX}-rl-${randomBytes(3).toString('hex')}`;
  Object.assign(process.env, { REDIS_PREFIX: prefix, ...env });
  try {
    return { t: await TestApp.start(), prefix };
  } finally {
    process.env = saved;
  }
}

const LOCALES = '{ locales { code } }';
const off = { RATE_LIMIT_ANON_PER_MIN: '0', RATE_LIMIT_KEY_PER_MIN: '0', RATE_LIMIT_INGEST_PER_MIN: '0', RATE_LIMIT_WS_PER_MIN: '0' };

describe('abuse limits', () => {
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>, sharedPrefix?: string) => {
    const started = await startWith({ ...off, ...env }, sharedPrefix);
    apps.push(started.t);
    return started;
  };
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('answers 429 with Retry-After and a translated RATE_LIMITED error past the anonymous limit', async () => {
    const { t } = await start({ RATE_LIMIT_ANON_PER_MIN: '3' });
    for (let i = 0; i < 3; i++) expect((await t.gql(LOCALES)).status).toBe(200);
    const res = await t.http.post('/graphql').set('Content-Type', 'application/json').set('Accept-Language', 'fr').send({ query: LOCALES });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.body.errors).toEqual([{ message: 'Trop de requêtes : réessayez plus tard.', extensions: { code: 'RATE_LIMITED', retryAfter } }]);
    expect(res.body.data).toBeUndefined();
  });

  it('shares the counts between API processes through Redis, under REDIS_PREFIX', async () => {
    const first = await start({ RATE_LIMIT_ANON_PER_MIN: '4' });
    const { t: other } = await start({ RATE_LIMIT_ANON_PER_MIN: '4' }, first.prefix);
    expect((await first.t.gql(LOCALES)).status).toBe(200);
    expect((await other.gql(LOCALES)).status).toBe(200);
    expect((await first.t.gql(LOCALES)).status).toBe(200);
    expect((await other.gql(LOCALES)).status).toBe(200);
    expect((await other.gql(LOCALES)).status).toBe(429);
    expect((await first.t.gql(LOCALES)).status).toBe(429);
    const redis = new IORedis(process.env.REDIS_URL!);
    try {
      const keys = await redis.keys(`${first.prefix}:rate:*`);
      expect(keys).toEqual([`${first.prefix}:rate:anon:127.0.0.1`]);
    } finally {
      redis.disconnect();
    }
  });

  it('gives a valid key its own budget, while made-up keys count against the address', async () => {
    const { t } = await start({ RATE_LIMIT_ANON_PER_MIN: '2', RATE_LIMIT_KEY_PER_MIN: '4' });
    const key = await t.key('EDITOR');
    for (let i = 0; i < 4; i++) expect((await t.gql(LOCALES, { key })).status).toBe(200);
    expect((await t.gql(LOCALES, { key })).status).toBe(429);
    // The address still has its own two.
    const madeUp = `nd_${randomBytes(32).toString('base64url')}`;
    expect((await t.gql(LOCALES, { key: madeUp })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOCALES, { key: `nd_${randomBytes(32).toString('base64url')}` })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOCALES, { key: `nd_${randomBytes(32).toString('base64url')}` })).status).toBe(429);
    expect((await t.gql(LOCALES)).status).toBe(429);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const direct = await start({ RATE_LIMIT_ANON_PER_MIN: '1' });
    expect((await direct.t.http.post('/graphql').set('X-Forwarded-For', '198.51.100.1').send({ query: LOCALES })).status).toBe(200);
    // A forged header does not buy a fresh budget.
    expect((await direct.t.http.post('/graphql').set('X-Forwarded-For', '198.51.100.2').send({ query: LOCALES })).status).toBe(429);

    const proxied = await start({ RATE_LIMIT_ANON_PER_MIN: '1', TRUST_PROXY: '127.0.0.1, ::1' });
    const from = (client: string) => proxied.t.http.post('/graphql').set('X-Forwarded-For', `${client}`).send({ query: LOCALES });
    expect((await from('198.51.100.1')).status).toBe(200);
    expect((await from('198.51.100.2')).status).toBe(200);
    expect((await from('198.51.100.1')).status).toBe(429);
  });

  it('limits POST /ingest per address with a translated { code, message } body', async () => {
    const { t } = await start({ RATE_LIMIT_INGEST_PER_MIN: '2' });
    const push = () => t.http.post('/ingest/nowhere').set('Content-Type', 'application/rss+xml').set('Accept-Language', 'sv').send('<rss/>');
    expect((await push()).status).not.toBe(429);
    expect((await push()).status).not.toBe(429);
    const res = await push();
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.body).toEqual({ code: 'RATE_LIMITED', retryAfter: Number(res.headers['retry-after']), message: 'För många förfrågningar: försök igen senare.' });
    // GraphQL has its own (here unlimited) budget.
    expect((await t.gql(LOCALES)).status).toBe(200);
  });

  it('limits WebSocket connects per address at the HTTP upgrade', async () => {
    const { t } = await start({ RATE_LIMIT_WS_PER_MIN: '1' });
    await t.app.listen(0, '127.0.0.1');
    const { port } = (t.app.getHttpServer() as import('node:http').Server).address() as AddressInfo;
    const upgrade = () =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          path: '/graphql',
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
            'Sec-WebSocket-Protocol': 'graphql-transport-ws',
          },
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await upgrade()).toBe(101);
    expect(await upgrade()).toBe(429);
  });

  it('never limits health probes and metrics scrapes, and a limit of 0 is off', async () => {
    const { t } = await start({ RATE_LIMIT_ANON_PER_MIN: '1' });
    for (let i = 0; i < 5; i++) expect((await t.http.get('/health')).status).not.toBe(429);
    for (let i = 0; i < 3; i++) expect((await t.http.get('/metrics')).status).toBe(200);
    const unlimited = await start({});
    for (let i = 0; i < 20; i++) expect((await unlimited.t.gql(LOCALES)).status).toBe(200);
  });
});
