import { adaptiveIntervalMs, afterFailure, backoff, itemsInLastWeek, nextPollAt, WEEK_MS } from './schedule';

const MIN = 60_000;
const bounds = { minMs: 5 * MIN, maxMs: 24 * 60 * MIN };
const now = new Date('2026-11-27T12:00:00Z');

describe('adaptiveIntervalMs', () => {
  it('divides a week by last week\'s item count', () => {
    expect(adaptiveIntervalMs(7, bounds)).toBe(24 * 60 * MIN);
    expect(adaptiveIntervalMs(168, bounds)).toBe(60 * MIN);
  });
  it('clamps between the minimum and the maximum', () => {
    expect(adaptiveIntervalMs(100_000, bounds)).toBe(5 * MIN);
    expect(adaptiveIntervalMs(1, bounds)).toBe(24 * 60 * MIN);
    expect(adaptiveIntervalMs(0, bounds)).toBe(24 * 60 * MIN);
  });
});

describe('itemsInLastWeek', () => {
  it('counts dated items of the last seven days', () => {
    const dates = [new Date(now.getTime() - 1000), new Date(now.getTime() - WEEK_MS - 1), null, new Date('invalid'), new Date(now.getTime() + 5000)];
    expect(itemsInLastWeek(dates, now)).toBe(2);
  });
});

describe('nextPollAt', () => {
  it('uses the interval within bounds', () => {
    expect(nextPollAt({ now, intervalMs: 60 * MIN, bounds }).at).toEqual(new Date(now.getTime() + 60 * MIN));
    expect(nextPollAt({ now, intervalMs: MIN, bounds }).intervalMs).toBe(5 * MIN);
  });
  it('is never sooner than TTL, max-age or Retry-After', () => {
    expect(nextPollAt({ now, intervalMs: 5 * MIN, bounds, ttlMinutes: 90 }).intervalMs).toBe(90 * MIN);
    expect(nextPollAt({ now, intervalMs: 5 * MIN, bounds, maxAgeSeconds: 3600 }).intervalMs).toBe(60 * MIN);
    expect(nextPollAt({ now, intervalMs: 5 * MIN, bounds, retryAfterSeconds: 7200 }).intervalMs).toBe(120 * MIN);
    // Hints never shorten the interval.
    expect(nextPollAt({ now, intervalMs: 60 * MIN, bounds, maxAgeSeconds: 10 }).intervalMs).toBe(60 * MIN);
  });
  it('polls pushing sections at the maximum interval, as a backup', () => {
    expect(nextPollAt({ now, intervalMs: 5 * MIN, bounds, pushes: true }).intervalMs).toBe(24 * 60 * MIN);
  });
  it('caps absurd hints at a week', () => {
    expect(nextPollAt({ now, intervalMs: 5 * MIN, bounds, maxAgeSeconds: 10 ** 9 }).intervalMs).toBe(WEEK_MS);
  });
});

describe('backoff', () => {
  const policy = { baseMs: MIN, capMs: 60 * MIN };
  it('doubles per consecutive failure and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, policy))).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN]);
    expect(backoff(7, policy)).toBe(60 * MIN);
    expect(backoff(1000, policy)).toBe(60 * MIN);
    expect(backoff(0, policy)).toBe(0);
  });
  it('adds at most 20% jitter, still capped', () => {
    expect(backoff(1, policy, 0.5)).toBe(1.1 * MIN);
    expect(backoff(10, policy, 0.99)).toBe(60 * MIN);
  });
});

describe('afterFailure', () => {
  const policy = { baseMs: MIN, capMs: 60 * MIN };
  it('backs off, honours Retry-After, and disables at the limit', () => {
    expect(afterFailure({ now, failures: 1, maxFailures: 3, policy })).toEqual({ at: new Date(now.getTime() + MIN), disabled: false, delayMs: MIN });
    expect(afterFailure({ now, failures: 1, maxFailures: 3, policy, retryAfterSeconds: 600 }).delayMs).toBe(10 * MIN);
    expect(afterFailure({ now, failures: 3, maxFailures: 3, policy }).disabled).toBe(true);
  });
});
