/**
 * The bytes behind `RemoteRef`s, for a worker (its batch's inputs) and for the client (values
 * the main thread needs): keys in one MGET, files from the shared directory. A reference outside
 * the run (another run's key prefix, a file not of this run) is refused, and a missing one is an
 * error naming it (expired after the run's TTL, evicted, or already released).
 */
import type { Redis } from 'ioredis';
import { fromBinary } from './binary.ts';
import { refsIn, type RemoteRef } from './ref.ts';
import type { SharedStore } from './shared.ts';

export async function fetchRefs(
  redis: Redis, shared: SharedStore | undefined, runId: string, prefix: string, refs: readonly RemoteRef[], toShared: boolean,
): Promise<unknown[]> {
  const out = new Array<unknown>(refs.length);
  const inRedis: number[] = [];
  await Promise.all(refs.map(async (r, i) => {
    if (r.file === undefined) {
      if (!r.key.startsWith(prefix)) throw new Error(`result key ${r.key} is outside the run's prefix ${prefix}`);
      return void inRedis.push(i);
    }
    if (!shared) throw new Error(`result ${r.file} is in a shared directory, and none was given here (--shared-dir / option 'sharedDir')`);
    out[i] = fromBinary(await shared.read(r.file, runId), toShared);
  }));
  if (inRedis.length) {
    const bufs = await redis.mgetBuffer(...inRedis.map((i) => refs[i]!.key));
    inRedis.forEach((i, k) => {
      const b = bufs[k];
      if (!b) throw new Error(`result ${refs[i]!.key} is missing from Redis (expired after the run's ttlSeconds, evicted, or released)`);
      out[i] = fromBinary(b, toShared);
    });
  }
  return out;
}

/** Replace the `RemoteRef`s in `values` by their values, in place. */
export async function resolveRefs(
  values: unknown[], redis: Redis, shared: SharedStore | undefined, runId: string, prefix: string, toShared: boolean,
): Promise<void> {
  const at = refsIn(values);
  if (at.length === 0) return;
  const got = await fetchRefs(redis, shared, runId, prefix, at.map((i) => values[i] as RemoteRef), toShared);
  at.forEach((i, k) => (values[i] = got[k]));
}
