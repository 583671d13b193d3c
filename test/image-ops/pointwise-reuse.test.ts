/**
 * Pointwise kernels that skip clearing their output (`allocate(..., zeroed: false)`: rgb2gray,
 * gray2rgb, the dtype conversions, rescaleIntensity) must write every element. A task whose
 * intermediate dies inside it hands that buffer to the next allocation of its size
 * (`ndarray/recycle.ts`): here a gaussian's output full of noise, so an element the kernel
 * skipped would keep a noise value instead of the direct call's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compute, delayed } from 'dusk-graph';
import 'dusk-scheduler';
import { clearRecycled, color, exposure, filters, recycleStats, util, type NDArray } from 'dusk-image-ops';
import { maxAbsDiff, noise } from '../helpers/index.ts';

afterEach(() => clearRecycled());

const u8 = (shape: number[], seed: number): NDArray => util.imgAsUbyte(noise(shape, seed));

type Op = (x: NDArray, options?: never) => NDArray;
/** [name, input maker, first op and its options, second op and its options]: library ops only. */
const chains: [string, (seed: number) => NDArray, Op, object | undefined, Op, object | undefined][] = [
  ['rgb2gray (uint8 RGB)', (s) => u8([512, 512, 3], s), color.rgb2gray as Op, undefined, filters.gaussian as Op, { sigma: 1 }],
  ['gray2rgb (uint8)', (s) => u8([700, 700], s), color.gray2rgb as Op, undefined, color.rgb2gray as Op, undefined],
  ['imgAsFloat (uint8)', (s) => u8([512, 512], s), util.imgAsFloat as Op, undefined, filters.gaussian as Op, { sigma: 1 }],
  ['imgAsUbyte (float64)', (s) => noise([1100, 1100], s), util.imgAsUbyte as Op, undefined, util.imgAsFloat as Op, undefined],
  ['rescaleIntensity (fixed ranges)', (s) => noise([512, 512], s), exposure.rescaleIntensity as Op, { inRange: [0.2, 0.8], outRange: [0, 10] }, filters.gaussian as Op, { sigma: 1 }],
];

describe('pointwise kernels in reused buffers', () => {
  it.each(chains)('%s writes every element of a reused, dirty output buffer', async (_name, make, first, o1, then, o2) => {
    const x = make(1);
    const call = (f: Op, a: unknown, o: object | undefined) => (o === undefined ? delayed(f)(a as NDArray) : delayed(f)(a as NDArray, o as never));
    const expected = then(first(x, o1 as never), o2 as never);
    // A task whose first gaussian's output (noise, as many bytes as the kernel's output) dies in it.
    const bytes = first(x, o1 as never).data.byteLength;
    const dirty = noise([bytes / 8], 7);
    clearRecycled();
    await compute(call(filters.gaussian as Op, call(filters.gaussian as Op, dirty, { sigma: 1 }), { sigma: 2 }), { scheduler: 'sync' });
    expect(recycleStats().pooledBytes).toBe(bytes);
    const before = recycleStats().reused;
    const result = await compute(call(then, call(first, x, o1), o2), { scheduler: 'sync' });
    expect(recycleStats().reused - before).toBeGreaterThanOrEqual(1);
    expect(maxAbsDiff(result, expected)).toBe(0);
  });
});
