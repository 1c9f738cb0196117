import type { RedisPubSub } from '../../src/redis/redis-pubsub';
import { waitFor } from '../feeds/support/wait';

/**
 * Waits until a subscription just opened on `pubsub`'s API instance is live: the instance added its listener
 * (one more than `listenersBefore`) and Redis itself reports a subscriber on the channel (PUBSUB NUMSUB), i.e.
 * the SUBSCRIBE was confirmed, so an event published from now on is delivered. A listener alone is not
 * enough: it is registered before Redis confirms.
 */
export async function subscribedInRedis(pubsub: RedisPubSub, name: string, listenersBefore: number): Promise<void> {
  await waitFor(
    async () => pubsub.listenerCount(name) === listenersBefore + 1 && (await pubsub.listened([name])).has(name),
    `Redis to confirm the subscription to ${name}`,
    30_000,
    20,
  );
}

/** Waits until the instance dropped its last listener on the channel and Redis reports no subscriber left. */
export async function unsubscribedInRedis(pubsub: RedisPubSub, name: string): Promise<void> {
  await waitFor(async () => pubsub.listenerCount(name) === 0 && !(await pubsub.listened([name])).has(name), `Redis to drop the subscription to ${name}`, 30_000, 20);
}
