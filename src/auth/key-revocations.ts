import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { LiveSocket } from '../graphql/graphql.options';
import { RedisPubSub } from '../redis/redis-pubsub';

const CHANNEL = 'auth:key-revoked';

/** graphql-ws's code for a refused key (what onConnect answering false sends): the client must not retry with it. */
export const KEY_REFUSED_CLOSE = 4403;

/**
 * Makes a revocation take effect at once everywhere. Requests need nothing: each one looks its key up afresh
 * (no process caches a key beyond its request). Subscription sockets are authenticated once, when they open,
 * so each API process tracks its sockets by key and closes a revoked key's sockets when the revocation is
 * announced over Redis, whichever process (or the keys CLI) revoked it.
 */
@Injectable()
export class KeyRevocations implements OnApplicationShutdown {
  private readonly logger = new Logger(KeyRevocations.name);
  private readonly sockets = new Map<string, Set<LiveSocket>>();
  private listening?: Promise<AsyncIterableIterator<{ keyId: string }>>;

  constructor(private readonly pubsub: RedisPubSub) {}

  /** Tells every API process that a key was revoked. Redis down: requests still fail with the key; sockets elsewhere stay until they close. */
  async announce(keyId: string): Promise<void> {
    this.closeSockets(keyId);
    try {
      await this.pubsub.publish(CHANNEL, { keyId });
    } catch (error) {
      this.logger.warn(`Revocation of key ${keyId} not announced: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Closes this socket when its key is revoked. Listens for revocations from the first tracked socket on. */
  track(keyId: string, socket: LiveSocket): void {
    let open = this.sockets.get(keyId);
    if (!open) this.sockets.set(keyId, (open = new Set()));
    open.add(socket);
    socket.once('close', () => {
      const current = this.sockets.get(keyId);
      current?.delete(socket);
      if (current?.size === 0) this.sockets.delete(keyId);
    });
    this.listen();
  }

  private listen(): void {
    if (this.listening) return;
    const listening = this.pubsub.iterate<{ keyId: string }>(CHANNEL);
    this.listening = listening;
    listening
      .then(async (revoked) => {
        for await (const { keyId } of revoked) if (typeof keyId === 'string') this.closeSockets(keyId);
      })
      .catch((error: unknown) => {
        // Try again with the next socket that opens.
        this.logger.warn(`Not listening for key revocations: ${error instanceof Error ? error.message : String(error)}`);
        if (this.listening === listening) this.listening = undefined;
      });
  }

  private closeSockets(keyId: string): void {
    for (const socket of this.sockets.get(keyId) ?? []) socket.close(KEY_REFUSED_CLOSE, 'Forbidden');
    this.sockets.delete(keyId);
  }

  async onApplicationShutdown(): Promise<void> {
    const revoked = await this.listening?.catch(() => undefined);
    await revoked?.return?.();
  }
}
