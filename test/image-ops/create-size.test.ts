/**
 * An array too large to allocate is refused before allocating, with a RangeError naming the
 * function, the shape, the dtype and the bytes requested (not V8's bare "Array buffer allocation
 * failed"); the process keeps working afterwards. Sizes are ones no machine here can hold (1 TB
 * and up): Node 20 refuses them by its typed-array limit (2**32 elements), Node 22+ (whose limit
 * is far higher) when the engine fails to allocate; the message is the same either way.
 */
import { describe, expect, it } from 'vitest';
import 'dusk-scheduler'; // registers the schedulers compute() runs on
import { allocate, chunked, full, zeros } from 'dusk-image-ops';

describe('array size checks', () => {
  it('zeros names itself, the shape, the dtype and the bytes when the array cannot be allocated', () => {
    expect(() => zeros([1e6, 1e6])).toThrow(RangeError);
    expect(() => zeros([1e6, 1e6])).toThrow(/^zeros: cannot allocate an array of shape \[1000000, 1000000\] and dtype float64: 8000000000000 bytes requested/);
  });

  it('full names itself and its dtype for an array too large', () => {
    expect(() => full([1e6, 1e6], 1, 'uint8')).toThrow(/^full: cannot allocate an array of shape \[1000000, 1000000\] and dtype uint8: 1000000000000 bytes requested, /);
  });

  it('a shape whose size is beyond 2**53 is refused the same way', () => {
    expect(() => zeros([2 ** 27, 2 ** 27, 2 ** 10], 'int16')).toThrow(/^zeros: cannot allocate an array of shape \[134217728, 134217728, 1024\] and dtype int16/);
  });

  it('allocate without a site names itself and the length as the shape', () => {
    expect(() => allocate('float32', 2 ** 33)).toThrow(/^allocate: cannot allocate an array of shape \[8589934592\] and dtype float32: 34359738368 bytes requested/);
  });

  it('arrays of ordinary size are still allocated after a refusal', () => {
    expect(() => zeros([1e6, 1e6])).toThrow(RangeError);
    expect(zeros([3, 4], 'uint8').shape).toEqual([3, 4]);
  });
});

describe('computing a chunked array too large for one array', () => {
  it('names compute, the shape and the dtype before any block runs', async () => {
    const c = chunked(zeros([4, 4], 'uint8'), { chunks: 2 }).mapBlocks((b) => b, { chunks: [500000, 500000], dtype: 'uint8' });
    await expect(c.compute({ scheduler: 'sync' })).rejects.toThrow(/^compute: cannot allocate an array of shape \[1000000, 1000000\] and dtype uint8: 1000000000000 bytes requested/);
  });
});
