/**
 * When a feed (or any polled source) is due next. Pure functions, no clock and no randomness of their
 * own: the caller passes `now` and, for back-off, an optional jitter in [0, 1).
 */

export const WEEK_MS = 7 * 24 * 3_600_000;

export interface IntervalBounds {
  minMs: number;
  maxMs: number;
}

export const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** How often a source that published `itemsLastWeek` items in the last seven days should be polled. */
export function adaptiveIntervalMs(itemsLastWeek: number, bounds: IntervalBounds): number {
  if (!Number.isFinite(itemsLastWeek) || itemsLastWeek <= 0) return bounds.maxMs;
  return clamp(Math.round(WEEK_MS / itemsLastWeek), bounds.minMs, bounds.maxMs);
}

/** Items dated within the seven days before `now` (future dates count as recent; undated items do not). */
export function itemsInLastWeek(dates: readonly (Date | null | undefined)[], now: Date): number {
  const since = now.getTime() - WEEK_MS;
  return dates.filter((d) => d instanceof Date && !Number.isNaN(d.getTime()) && d.getTime() >= since).length;
}

export interface PollPlan {
  now: Date;
  /** The base interval: adaptive, or the interval an editor fixed. */
  intervalMs: number;
  bounds: IntervalBounds;
  /** What the source asked for: RSS <ttl> (minutes), Cache-Control max-age / Expires (seconds), Retry-After (seconds). */
  ttlMinutes?: number | null;
  maxAgeSeconds?: number | null;
  retryAfterSeconds?: number | null;
  /** The section pushes its feed: polling is only a backup, at the maximum interval. */
  pushes?: boolean;
}

/**
 * The next poll after a successful (or unchanged) fetch: the base interval within the bounds, never sooner
 * than the source's own freshness hints, and the maximum interval when the section pushes.
 */
export function nextPollAt(plan: PollPlan): { at: Date; intervalMs: number } {
  let interval = plan.pushes ? plan.bounds.maxMs : clamp(plan.intervalMs, plan.bounds.minMs, plan.bounds.maxMs);
  const floors = [
    plan.ttlMinutes && plan.ttlMinutes > 0 ? plan.ttlMinutes * 60_000 : 0,
    plan.maxAgeSeconds && plan.maxAgeSeconds > 0 ? plan.maxAgeSeconds * 1000 : 0,
    plan.retryAfterSeconds && plan.retryAfterSeconds > 0 ? plan.retryAfterSeconds * 1000 : 0,
  ];
  // A server may ask for less traffic, never for more: the hints only lengthen the interval
  // (up to a week, so that a silly Expires cannot make a feed vanish).
  interval = Math.max(interval, Math.min(Math.max(...floors), WEEK_MS));
  return { at: new Date(plan.now.getTime() + interval), intervalMs: interval };
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/**
 * Exponential back-off after `failures` consecutive failures (1 = the first): base, 2 x base, 4 x base, ...
 * capped. `jitter` in [0, 1) spreads retries by up to +20% so failing hosts are not hit in lockstep.
 */
export function backoff(failures: number, policy: BackoffPolicy, jitter = 0): number {
  if (failures <= 0) return 0;
  const exponent = Math.min(failures - 1, 40);
  const raw = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(Math.min(policy.capMs, raw * (1 + 0.2 * clamp(jitter, 0, 0.999))));
}

export interface FailurePlan {
  now: Date;
  /** Consecutive failures including this one. */
  failures: number;
  maxFailures: number;
  policy: BackoffPolicy;
  retryAfterSeconds?: number | null;
  jitter?: number;
}

/** After a failed poll: when to try again, and whether the source is now disabled. */
export function afterFailure(plan: FailurePlan): { at: Date; disabled: boolean; delayMs: number } {
  const delay = Math.max(backoff(plan.failures, plan.policy, plan.jitter), (plan.retryAfterSeconds ?? 0) * 1000);
  return { at: new Date(plan.now.getTime() + delay), disabled: plan.failures >= plan.maxFailures, delayMs: delay };
}
