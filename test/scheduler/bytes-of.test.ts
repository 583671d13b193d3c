/**
 * `bytesOf`: the array data a result holds, measured once per task result by the threads
 * scheduler (the look-ahead budget) and by profilers — without garbage of its own per call.
 */
import { describe, expect, it } from 'vitest';
import { bytesOf } from 'dusk-scheduler';
import { fromArray } from 'dusk-image-ops';
import { sampleAllocations, totalBytes } from '../helpers/index.ts';

class Tagged {
  readonly data = new Float64Array(4);
  readonly shape = [2, 2];
}
Object.defineProperty(Tagged.prototype, 'inherited', { value: new Float64Array(100), enumerable: true });

describe('bytesOf', () => {
  it('counts the typed arrays an NDArray, arrays, Maps and own fields reach; inherited fields and scalars count 0', () => {
    const image = fromArray([[1, 2, 3], [4, 5, 6]], 'float32');
    expect(bytesOf(image)).toBe(24);
    expect(bytesOf([image, { a: new Uint8Array(5), b: 'text' }, new Map([[1, new Int16Array(2)]])])).toBe(24 + 5 + 4);
    expect(bytesOf(new Tagged())).toBe(32);
    expect(bytesOf(3)).toBe(0);
  });

  it('allocates next to nothing per call on an NDArray (Object.keys and iterators made ~460 bytes a call)', async () => {
    const image = fromArray([[1, 2], [3, 4]]);
    const calls = 5000;
    let sum = 0;
    for (let i = 0; i < 500; i++) sum += bytesOf(image);
    const profile = await sampleAllocations(() => {
      for (let i = 0; i < calls; i++) sum += bytesOf(image);
    });
    expect(totalBytes(profile) / calls).toBeLessThan(64);
    expect(sum).toBe(32 * (calls + 500));
  });
});
