import { DomainError } from '../common/errors';

/**
 * Runs an enqueue on the API's fail-fast Redis connection: when Redis is down it rejects at once, and the
 * caller gets a translated "try again later" (503 on REST routes) instead of a hanging request. The
 * deadline (1.5 s) bounds a Redis that accepts connections but does not answer.
 */
export async function enqueueOrFail<T>(work: () => Promise<T>, timeoutMs = 1500): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('queue timeout')), timeoutMs);
        timer.unref();
      }),
    ]);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('SERVICE_UNAVAILABLE', 'ingest:errors.queueUnavailable');
  } finally {
    if (timer) clearTimeout(timer);
  }
}
