/**
 * Garbage counted in tests: V8's sampling heap profiler around a piece of code, with the objects
 * the scavenger and the mark-compactor already collected included, so what a call allocates and
 * drops at once is counted too. Tests assert bytes per call below a bound the old code exceeded,
 * never times.
 */
import { Session } from 'node:inspector/promises';

/** A node of the sampling profile: bytes allocated in this frame, and its callees. */
export interface SampledNode { selfSize: number; callFrame: { functionName: string }; children: SampledNode[] }

/** The allocation profile while `run` runs on this thread, sampled every `interval` bytes (smaller: finer). */
export async function sampleAllocations(run: () => unknown, interval = 512): Promise<SampledNode> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.startSampling', { samplingInterval: interval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
    await run();
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: SampledNode } };
    return profile.head;
  } finally {
    session.disconnect();
  }
}

/** Every byte in the profile under `n`. */
export const totalBytes = (n: SampledNode): number => n.children.reduce((s, c) => s + totalBytes(c), n.selfSize);

/** Bytes allocated in frames named `name` themselves (a builtin such as Object.keys shows as `keys`). */
export const bytesInFrames = (n: SampledNode, name: string): number =>
  n.children.reduce((s, c) => s + bytesInFrames(c, name), n.callFrame.functionName === name ? n.selfSize : 0);

/** Bytes allocated by frames named `callee` called straight from frames named `caller` (and below them). */
export const bytesCalledFrom = (n: SampledNode, caller: string, callee: string): number =>
  n.children.reduce((s, c) => s + bytesCalledFrom(c, caller, callee) + (n.callFrame.functionName === caller && c.callFrame.functionName === callee ? totalBytes(c) : 0), 0);
