import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

const storage = new AsyncLocalStorage<string>();

/** The id of the request (or job) being handled, for the logs; undefined outside one. */
export function currentRequestId(): string | undefined {
  return storage.getStore();
}

export function runWithRequestId<T>(id: string, fn: () => T): T {
  return storage.run(id, fn);
}

/** A client's X-Request-Id is kept when it is a sane token (so a proxy's id follows through); otherwise a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && /^[A-Za-z0-9._:-]{8,100}$/.test(given) ? given : randomUUID();
}

/** Job data that carries the request that enqueued it, so the worker's log lines name it too. */
export function withRequestId<T extends object>(data: T): T & { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { ...data, requestId } : data;
}
