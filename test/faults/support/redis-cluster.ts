import { spawnSync } from 'node:child_process';
import { PrivateRedis } from '../../support/private-services';

/**
 * A private three-master Redis Cluster on loopback ports (redis-server --cluster-enabled yes, then
 * redis-cli --cluster create), never the machine's Redis. No replicas: three masters are the smallest cluster.
 */
export class PrivateRedisCluster {
  private constructor(readonly nodes: PrivateRedis[]) {}

  static async start(): Promise<PrivateRedisCluster> {
    const nodes: PrivateRedis[] = [];
    try {
      for (let i = 0; i < 3; i++) nodes.push(await PrivateRedis.start({ settings: { 'cluster-enabled': 'yes', 'maxmemory-policy': 'noeviction' } }));
      const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
      const create = spawnSync('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-yes'], { encoding: 'utf8', timeout: 60_000 });
      if (create.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${create.stdout}${create.stderr}`);
      const cluster = new PrivateRedisCluster(nodes);
      await cluster.waitUntilOk();
      return cluster;
    } catch (error) {
      for (const node of nodes) await node.cleanup();
      throw error;
    }
  }

  /** REDIS_CLUSTER_NODES for newsdesk: every node, comma-separated. */
  get seedNodes(): string {
    return this.nodes.map((n) => `127.0.0.1:${n.port}`).join(',');
  }

  private async waitUntilOk(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = this.nodes.map((n) => spawnSync('redis-cli', ['-p', String(n.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout);
      if (states.every((info) => info.includes('cluster_state:ok'))) return;
      if (Date.now() > deadline) throw new Error(`the cluster did not become ok:\n${states.join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Keys matching `pattern` on each node (KEYS is fine on a test cluster of a few hundred keys). */
  keysByNode(pattern: string): string[][] {
    return this.nodes.map((n) =>
      spawnSync('redis-cli', ['-p', String(n.port), '--raw', 'keys', pattern], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean),
    );
  }

  async cleanup(): Promise<void> {
    for (const node of this.nodes) await node.cleanup();
  }
}
