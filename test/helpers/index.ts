/**
 * Test helpers: seeded random data (`random.ts`) and array comparisons (`arrays.ts`; as matchers
 * they are registered by `setup.ts`, so tests call `expect(a).toBeCloseToArray(b, { atol })`).
 */
export { noise, randomArray, seededRandom, type RandomArrayOptions } from './random.ts';
export { maxAbsDiff, type ArrayInput, type EqualOptions, type Tolerance } from './arrays.ts';
