/** Polls `probe` until it returns a truthy value (no timed assertion: the test's own timeout bounds it). */
export async function waitFor<T>(probe: () => Promise<T>, what: string, timeoutMs = 20_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`waited ${timeoutMs} ms for ${what}; last value ${JSON.stringify(last)}`);
}
