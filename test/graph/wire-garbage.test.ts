/**
 * Garbage of the wire codec on a task's arguments: every step's argument template is encoded on
 * the main thread and decoded on a worker, so what a walk allocates beyond the copies it must
 * make (an array holding a reference) is paid per task, twice.
 */
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, TaskRef } from 'dusk-graph/internal';
import { bytesInFrames, sampleAllocations } from '../helpers/index.ts';

describe('the wire codec on an options object', () => {
  it('walks its fields without a key array (Object.keys made ~70 B per object per walk)', async () => {
    const options = { sigma: 10, mode: 'nearest', truncate: 4 };
    const args = [options, 'image_0001.bmp'];
    const calls = 5000;
    for (let i = 0; i < 500; i++) decodeWire(encodeWire(args));
    const profile = await sampleAllocations(() => {
      for (let i = 0; i < calls; i++) decodeWire(encodeWire(args));
    }, 128);
    // Nothing to copy (no reference, no class): both walks return their input as it is.
    expect(decodeWire(encodeWire(args))).toBe(args);
    // The old walk's Object.keys arrays: ~140 B per round trip.
    expect(bytesInFrames(profile, 'keys') / calls).toBeLessThan(8);
  });

  it('still copies what holds something to rebuild, keeping key order', () => {
    const options = { b: new TaskRef(1), a: 2 };
    const back = decodeWire(encodeWire(options)) as Record<string, unknown>;
    expect(back).not.toBe(options);
    expect(Object.keys(back)).toEqual(['b', 'a']);
    expect(back.b).toBeInstanceOf(TaskRef);
  });
});
