import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { RedisService, type RedisConnection } from './redis.service';

type Listener = (payload: unknown) => void;

/** At most this many undelivered events are kept per subscriber; older ones are dropped (a slow client). */
const MAX_BUFFERED = 1000;

/**
 * Publish/subscribe over Redis, so that a subscriber connected to one API process hears events raised in
 * another (or in the worker). Channels live under REDIS_PREFIX. One subscriber connection per process,
 * SUBSCRIBE on a channel's first listener and UNSUBSCRIBE after its last.
 */
@Injectable()
export class RedisPubSub implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisPubSub.name);
  private subscriber?: RedisConnection;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private whenReady?: Promise<void>;

  constructor(private readonly redis: RedisService) {}

  /** The Redis channel of a logical channel name. */
  channel(name: string): string {
    return `${this.redis.prefix}:pubsub:${name}`;
  }

  /** The logical channels that have at least one subscriber in any process (PUBSUB NUMSUB). */
  async listened(names: readonly string[]): Promise<Set<string>> {
    if (!names.length) return new Set();
    const channels = names.map((n) => this.channel(n));
    const client = this.redis.client;
    // On a cluster each node counts only its own subscribers (PUBLISH reaches them all): ask every node.
    const nodes = client instanceof Cluster ? client.nodes('all') : [client];
    const replies = (await Promise.all(nodes.map((node) => node.pubsub('NUMSUB', ...channels)))) as (string | number)[][];
    const heard = new Set<string>();
    names.forEach((name, i) => {
      if (replies.some((reply) => Number(reply[i * 2 + 1]) > 0)) heard.add(name);
    });
    return heard;
  }

  async publish(name: string, payload: unknown): Promise<void> {
    await this.redis.client.publish(this.channel(name), JSON.stringify(payload));
  }

  /**
   * An async iterator of the channel's payloads (those passing `filter`). Resolves once Redis confirmed the
   * subscription, so nothing published afterwards is missed. `return()` unsubscribes.
   */
  async iterate<T>(name: string, filter: (payload: T) => boolean = () => true): Promise<AsyncIterableIterator<T>> {
    const channel = this.channel(name);
    const queue: T[] = [];
    const waiting: ((result: IteratorResult<T>) => void)[] = [];
    let closed = false;
    const listener: Listener = (payload) => {
      if (closed || !filter(payload as T)) return;
      const next = waiting.shift();
      if (next) next({ value: payload as T, done: false });
      else if (queue.push(payload as T) > MAX_BUFFERED) queue.shift();
    };
    await this.add(channel, listener);
    const close = async (): Promise<IteratorResult<T>> => {
      if (!closed) {
        closed = true;
        for (const next of waiting.splice(0)) next({ value: undefined, done: true });
        await this.remove(channel, listener);
      }
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<T> = {
      next: () =>
        queue.length
          ? Promise.resolve({ value: queue.shift() as T, done: false })
          : closed
            ? Promise.resolve({ value: undefined, done: true })
            : new Promise((resolve) => waiting.push(resolve)),
      return: close,
      throw: async (error: unknown) => {
        await close();
        throw error;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** How many listeners this process has on a channel (for health and tests). */
  listenerCount(name: string): number {
    return this.listeners.get(this.channel(name))?.size ?? 0;
  }

  private connection(): RedisConnection {
    if (!this.subscriber) {
      this.subscriber = this.redis.create('blocking');
      this.subscriber.on('message', (channel: string, message: string) => {
        const listeners = this.listeners.get(channel);
        if (!listeners?.size) return;
        let payload: unknown;
        try {
          payload = JSON.parse(message);
        } catch {
          this.logger.warn(`Ignoring a malformed message on ${channel}`);
          return;
        }
        for (const listener of listeners) listener(payload);
      });
    }
    return this.subscriber;
  }

  /**
   * The subscriber connection once it is ready. ioredis 5 lets a SUBSCRIBE sent while it connects race its own
   * ready check (INFO), which then fails in subscriber mode and rejects the subscription (ioredis#2037, fixed
   * in ioredis 6); seen here as a desk page whose live updates never started.
   */
  private async ready(): Promise<RedisConnection> {
    const connection = this.connection();
    if (connection.status === 'ready') return connection;
    this.whenReady ??= new Promise<void>((resolve) =>
      connection.once('ready', () => {
        this.whenReady = undefined;
        resolve();
      }),
    );
    await this.whenReady;
    return connection;
  }

  private async add(channel: string, listener: Listener): Promise<void> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    if (set.size === 1 && !this.pending.has(channel)) {
      const subscribing = this.ready()
        .then((connection) => connection.subscribe(channel))
        .finally(() => this.pending.delete(channel));
      this.pending.set(channel, subscribing);
    }
    try {
      await this.pending.get(channel);
    } catch (error) {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(channel);
      throw error;
    }
  }

  private async remove(channel: string, listener: Listener): Promise<void> {
    const set = this.listeners.get(channel);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) {
      this.listeners.delete(channel);
      await this.pending.get(channel);
      if (!this.listeners.has(channel)) await this.connection().unsubscribe(channel).catch(() => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.listeners.clear();
    // The connection itself is closed by RedisService.
  }
}
