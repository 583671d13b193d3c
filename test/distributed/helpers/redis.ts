/**
 * The distributed tests' Redis: `startRedisServer` from dusk-distributed (a private redis-server
 * on a free loopback port, no persistence). A missing redis-server fails the tests with a message
 * saying how to install it (.ci/run installs it) — never a silent skip.
 *
 * `useCluster` gives a test file its redis-server and a `LocalCluster` on it, started before its
 * tests and stopped after them (whichever of the two had started).
 */
import { afterAll, beforeAll } from 'vitest';
import { LocalCluster, startRedisServer, type LocalClusterOptions, type RedisServer } from 'dusk-distributed';

export { startRedisServer as startRedis, type RedisServer };

export interface ClusterFixture {
  readonly redis: RedisServer;
  readonly cluster: LocalCluster;
}

export function useCluster(options: Omit<LocalClusterOptions, 'connection'>): ClusterFixture {
  let redis: RedisServer | undefined;
  let cluster: LocalCluster | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
    cluster = await LocalCluster.start({ ...options, connection: redis.url });
  });
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });
  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`the test file's ${what} did not start (see its beforeAll error)`);
    return v;
  };
  return {
    get redis() {
      return started(redis, 'redis-server');
    },
    get cluster() {
      return started(cluster, 'LocalCluster');
    },
  };
}
