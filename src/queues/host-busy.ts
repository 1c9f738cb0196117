/**
 * How soon a poll job that found its host busy `busyTries` times before tries again: 100 ms doubling to
 * 5 s, plus up to 50% jitter. The host-slot hint is when the oldest hold *expires* (the fetch deadline),
 * while most requests release their slot within milliseconds: a first retry at the hint left a 304 re-poll
 * waiting seconds for a slot freed long before. A host that stays busy (a slow site) is tried ever less often.
 */
export const hostBusyBackoffMs = (busyTries: number, jitter: number): number =>
  Math.round(Math.min(5_000, 100 * 2 ** Math.min(Math.max(0, busyTries), 6)) * (1 + 0.5 * jitter));
