/**
 * At most one request at a time per host: a promise chain per key. Entries disappear when their chain is
 * idle, so the map stays as small as the number of hosts being fetched right now.
 */
export class HostQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Hosts with a request running or waiting (for metrics and tests). */
  get busyHosts(): number {
    return this.tails.size;
  }
}

/** The process-wide queue that fetchFeed uses unless given another. */
export const defaultHostQueue = new HostQueue();
