/**
 * Which workers are alive on a queue: the members of `dusk:<queue>:workers` whose heartbeat key
 * has not expired (`keys.ts`), and the threads they offer. Dead members are removed from the set.
 */
import type { Redis } from 'ioredis';
import { heartbeatKey, workersKey } from '../keys.ts';

export interface Alive {
  readonly workers: number;
  readonly threads: number;
}

export async function aliveWorkers(redis: Redis, queue: string): Promise<Alive> {
  const ids = await redis.smembers(workersKey(queue));
  if (ids.length === 0) return { workers: 0, threads: 0 };
  const beats = await redis.mget(...ids.map((id) => heartbeatKey(queue, id)));
  let workers = 0, threads = 0;
  const dead: string[] = [];
  beats.forEach((b, i) => {
    if (b === null) return void dead.push(ids[i]!);
    workers++;
    const c = (JSON.parse(b) as { concurrency?: unknown }).concurrency;
    threads += typeof c === 'number' && c > 0 ? c : 1;
  });
  if (dead.length) await redis.srem(workersKey(queue), ...dead);
  return { workers, threads };
}
