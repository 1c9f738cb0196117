import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { makeSection } from '../support/factories';
import { TestApp } from '../support/test-app';
import { FeedServer, rss } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { BuiltWorker, WorkerProcess } from '../feeds/support/worker-process';
import { PrivateRedisCluster } from './support/redis-cluster';

describe('on a Redis Cluster (a private three-node cluster, hash-tagged REDIS_PREFIX)', () => {
  let cluster: PrivateRedisCluster;
  let t: TestApp;
  let server: FeedServer;
  let built: BuiltWorker;
  let worker: WorkerProcess;
  const saved = { REDIS_CLUSTER_NODES: process.env.REDIS_CLUSTER_NODES, REDIS_PREFIX: process.env.REDIS_PREFIX };
  const prefix = `{${process.env.REDIS_PREFIX}}`;

  beforeAll(async () => {
    built = BuiltWorker.build();
    cluster = await PrivateRedisCluster.start();
    Object.assign(process.env, { REDIS_CLUSTER_NODES: cluster.seedNodes, REDIS_PREFIX: prefix });
    t = await TestApp.start();
    server = await new FeedServer().start();
    worker = built.start({ REDIS_CLUSTER_NODES: cluster.seedNodes, REDIS_PREFIX: prefix, FETCH_ALLOWLIST: '127.0.0.1,::1', FEED_DISPATCH_EVERY_MS: '200', LOG_LEVEL: 'log' });
    await worker.ready();
  }, 300_000); // may rebuild dist/ first (ensureFreshDist)
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await worker?.exited;
    await server?.stop();
    await t?.close();
    await cluster?.cleanup();
    Object.assign(process.env, saved);
  });

  it('runs the queues: a feed registered through the API is polled by the worker and its items served', async () => {
    server.routes.set('/cluster.xml', { body: rss([{ guid: 'c-1', title: 'Polled through the cluster' }]) });
    const section = await makeSection(t, await t.key('ADMIN'));
    const registered = await t.gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, {
      key: await t.key('EDITOR'),
      variables: { input: { section: section.slug, url: server.url('/cluster.xml') } },
    });
    expect(registered.errors).toBeUndefined();
    const titles = async () =>
      (await t.gql(`query($s: String) { articles(section: $s) { edges { node { translation { title } } } } }`, { variables: { s: section.slug } })).data?.articles.edges.map(
        (e: { node: { translation: { title: string } } }) => e.node.translation.title,
      );
    await waitFor(async () => (await titles())?.length === 1, 'the feed ingested through the cluster', 60_000, 200);
    expect(await titles()).toEqual(['Polled through the cluster']);

    // Every queue key shares the hash tag's slot, so all of them live on one node.
    const byNode = cluster.keysByNode(`${prefix}:*`);
    expect(byNode.flat().length).toBeGreaterThan(0);
    expect(byNode.filter((keys) => keys.length > 0)).toHaveLength(1);
    expect(byNode.flat().every((key) => key.startsWith(`${prefix}:`))).toBe(true);
  }, 90_000);

  it('carries pub/sub between connections, and counts listeners on every node', async () => {
    const pubsub = t.app.get(RedisPubSub);
    const channel = `cluster-test-${Date.now()}`;
    const events = await pubsub.iterate<{ n: number }>(channel);
    expect(await pubsub.listened([channel, `${channel}-nobody`])).toEqual(new Set([channel]));
    await pubsub.publish(channel, { n: 1 });
    expect((await events.next()).value).toEqual({ n: 1 });
    await events.return?.();
  });

  it('answers /health with Redis up', async () => {
    const health = await t.http.get('/health');
    expect(health.body).toMatchObject({ redis: 'up' });
  });
});
