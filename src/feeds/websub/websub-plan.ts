/**
 * When a WebSub subscription is (re)requested. Pure functions: the caller passes the clock.
 */

const DAY_S = 86_400;

/** A hub that accepted a request but has not verified it by then is asked again. */
export const VERIFICATION_WAIT_MS = 3_600_000;

/** Denied by the hub: asked again a day later (the feed is polled as usual meanwhile). */
export const AFTER_DENIAL_MS = DAY_S * 1000;

/**
 * When to renew a lease granted at `verifiedAt` for `leaseSeconds`: a day before it ends, or after four
 * fifths of it when it is shorter than five days (a lease of 10 s is renewed after 8 s).
 */
export function renewalAt(verifiedAt: Date, leaseSeconds: number): Date {
  const seconds = Math.max(leaseSeconds * 0.8, leaseSeconds - DAY_S);
  return new Date(verifiedAt.getTime() + Math.round(seconds * 1000));
}

/** After `failures` failed requests in a row (1 = the first): 5 minutes, doubled each time, at most a day. */
export function retryAt(now: Date, failures: number): Date {
  const delay = Math.min(DAY_S * 1000, 5 * 60_000 * 2 ** Math.min(Math.max(failures - 1, 0), 20));
  return new Date(now.getTime() + delay);
}

export interface KnownSubscription {
  hubUrl: string;
  topicUrl: string;
}

/**
 * What a poll's discovery means for the feed's subscription: a new one (none yet, or the feed now names
 * another hub or topic: a fresh secret), none any more (the feed stopped advertising a hub), or nothing
 * to do (renewals and retries follow their own schedule).
 */
export function onDiscovery(known: KnownSubscription | null, found: { hub: string; topic: string } | null): 'subscribe' | 'forget' | 'keep' {
  if (!found) return known ? 'forget' : 'keep';
  if (!known || known.hubUrl !== found.hub || known.topicUrl !== found.topic) return 'subscribe';
  return 'keep';
}
