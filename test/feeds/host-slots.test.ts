import IORedis, { type Redis } from 'ioredis';
import { acquireHostSlot, HostBusyError, isSlot, RedisHostSlots } from '../../src/feed-reader/fetch/host-slots';

/** The per-host slots that worker processes share through Redis (each client here stands for one process). */
describe('RedisHostSlots', () => {
  const prefix = `${process.env.REDIS_PREFIX ?? 'newsdesk-test'}-slots-${process.pid}`;
  const clients: Redis[] = [];
  const client = () => {
    const c = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };
  afterAll(async () => {
    const keys = await clients[0].keys(`${prefix}:*`);
    if (keys.length) await clients[0].del(...keys);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('gives at most `limit` slots per host across processes, frees one on release, and names when one frees', async () => {
    const a = new RedisHostSlots(client(), prefix, 2);
    const b = new RedisHostSlots(client(), prefix, 2);
    const first = await a.tryAcquire('Slow.Example:8080', 10_000);
    const second = await b.tryAcquire('slow.example:8080', 10_000);
    expect(isSlot(first) && isSlot(second)).toBe(true);
    const third = await a.tryAcquire('slow.example:8080', 10_000);
    expect(isSlot(third)).toBe(false);
    expect(!isSlot(third) && third.retryAfterMs).toBeGreaterThan(9_000);
    expect(!isSlot(third) && third.retryAfterMs).toBeLessThanOrEqual(10_000);
    // Another host (another port) is not affected.
    expect(isSlot(await b.tryAcquire('slow.example:8081', 10_000))).toBe(true);
    if (isSlot(first)) await first.release();
    expect(isSlot(await b.tryAcquire('slow.example:8080', 10_000))).toBe(true);
    expect(await clients[0].zcard(a.keyOf('slow.example:8080'))).toBe(2);
  });

  it("frees a dead holder's slot when its hold ends, and the key expires with its last hold", async () => {
    const slots = new RedisHostSlots(client(), prefix, 1);
    expect(isSlot(await slots.tryAcquire('crashed.example', 300))).toBe(true); // never released
    expect(isSlot(await slots.tryAcquire('crashed.example', 300))).toBe(false);
    const later = await acquireHostSlot(slots, 'crashed.example', 200, 5_000);
    expect(later.host).toBe('crashed.example');
    const ttl = await clients[0].pttl(slots.keyOf('crashed.example'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(200);
  });

  it('refuses at once with HostBusyError when the caller may not wait', async () => {
    const slots = new RedisHostSlots(client(), prefix, 1);
    await acquireHostSlot(slots, 'busy.example', 10_000, 0);
    await expect(acquireHostSlot(slots, 'busy.example', 10_000, 0)).rejects.toBeInstanceOf(HostBusyError);
  });
});
