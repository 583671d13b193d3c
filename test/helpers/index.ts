/**
 * Test helpers: seeded random data (`random.ts`), array comparisons (`arrays.ts`; as matchers
 * they are registered by `setup.ts`, so tests call `expect(a).toBeCloseToArray(b, { atol })`) and
 * garbage counted by V8's sampling heap profiler (`heap.ts`).
 */
export { noise, randomArray, seededRandom, type RandomArrayOptions } from './random.ts';
export { maxAbsDiff, type ArrayInput, type EqualOptions, type Tolerance } from './arrays.ts';
export { bytesCalledFrom, bytesInFrames, sampleAllocations, totalBytes, type SampledNode } from './heap.ts';
