import type { Request } from 'express';
import type { Principal } from '../common/principal';

/** Per-request cache of DataLoaders, keyed by the factory that makes them. */
export class RequestLoaders {
  private readonly loaders = new Map<unknown, unknown>();

  get<T>(factory: () => T, key: unknown = factory): T {
    if (!this.loaders.has(key)) this.loaders.set(key, factory());
    return this.loaders.get(key) as T;
  }
}

/**
 * The rows of a DataLoader.loadMany, those not found left out. loadMany answers a failed batch with Error
 * values instead of rejecting: the first is thrown, so a database outage becomes the request's coded error
 * (SERVICE_UNAVAILABLE) rather than a list silently emptied.
 */
export function foundRows<T>(results: readonly (T | null | undefined | Error)[]): T[] {
  const error = results.find((r): r is Error => r instanceof Error);
  if (error) throw error;
  return results.filter((r): r is T => r !== null && r !== undefined);
}

/** What every resolver can know about the request. */
export interface RequestContext {
  req?: Request;
  /** The request's language: for messages, and for content when no `locale` argument is given. */
  locale: string;
  principal: Principal | null;
  /** A key was sent but is unknown, revoked or malformed: every operation answers UNAUTHENTICATED. */
  authFailed: boolean;
  loaders: RequestLoaders;
}
