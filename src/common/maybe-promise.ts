export type MaybePromise<T> = T | Promise<T>;

/**
 * Applies `fn` to a value that may already be there: at once when it is (no promise, no microtask), after
 * it resolves when it is not. For hot field resolvers, which graphql-js completes without a promise per
 * object when every field answers synchronously.
 */
export function mapMaybe<T, U>(value: MaybePromise<T>, fn: (value: T) => U): MaybePromise<U> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}
