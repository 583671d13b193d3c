/**
 * Garbage of the wire codec on a task's arguments: every step's argument template is encoded on
 * the main thread and decoded on a worker, so what a walk allocates beyond the copies it must
 * make (an array holding a reference) is paid per task, twice.
 */
import { Session } from 'node:inspector/promises';
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, TaskRef } from 'dusk-graph/internal';

interface Sampled { selfSize: number; callFrame: { functionName: string }; children: Sampled[] }
/** Bytes allocated in frames named `name` (a builtin such as Object.keys shows as `keys`). */
const inFrames = (n: Sampled, name: string): number =>
  n.children.reduce((s, c) => s + inFrames(c, name), n.callFrame.functionName === name ? n.selfSize : 0);

describe('the wire codec on an options object', () => {
  it('walks its fields without a key array (Object.keys made ~70 B per object per walk)', async () => {
    const options = { sigma: 10, mode: 'nearest', truncate: 4 };
    const args = [options, 'image_0001.bmp'];
    const calls = 5000;
    for (let i = 0; i < 500; i++) decodeWire(encodeWire(args));
    const session = new Session();
    session.connect();
    try {
      await session.post('HeapProfiler.startSampling', { samplingInterval: 128, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
      for (let i = 0; i < calls; i++) decodeWire(encodeWire(args));
      const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: Sampled } };
      // Nothing to copy (no reference, no class): both walks return their input as it is.
      expect(decodeWire(encodeWire(args))).toBe(args);
      // The old walk's Object.keys arrays: ~140 B per round trip.
      expect(inFrames(profile.head, 'keys') / calls).toBeLessThan(8);
    } finally {
      session.disconnect();
    }
  });

  it('still copies what holds something to rebuild, keeping key order', () => {
    const options = { b: new TaskRef(1), a: 2 };
    const back = decodeWire(encodeWire(options)) as Record<string, unknown>;
    expect(back).not.toBe(options);
    expect(Object.keys(back)).toEqual(['b', 'a']);
    expect(back.b).toBeInstanceOf(TaskRef);
  });
});
