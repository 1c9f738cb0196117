import IORedis from 'ioredis';

/** Deletes every key of a bench run's Redis prefix (queues' meta keys, counts, persisted queries), one key a command. */
export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await keys.reduce((p, key) => p.del(key), redis.pipeline()).exec();
      deleted += keys.length;
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
