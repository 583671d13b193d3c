/**
 * A worker result the main thread could not read — nested thousands of levels deep — settles the
 * compute with a clear error naming the task, never hangs it or overflows the main thread's
 * stack, and the pool keeps working.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compute, createPool, delayed, TaskError } from 'dusk-scheduler';
import { ops } from './fixtures/ops.ts';
import { stuckOps } from './fixtures/stuck-ops.ts';

const pool = createPool({ workers: 1 });
afterAll(() => pool.close());
const onWorker = { pool, inlineBelowUs: 0 } as const;

describe('results too deep to cross threads', () => {
  it.each([2_000, 3_000, 100_000])('fails a task returning arrays nested %i deep with a clear error', async (depth) => {
    const deep = delayed(stuckOps.nestedArrays)(depth);
    const err: unknown = await compute(deep, onWorker).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).key).toBe(deep.key);
    expect(((err as Error).cause as Error).message).toMatch(/nested more than 1000 levels deep .* cannot cross threads/);
    expect(await compute(delayed(ops.inc)(1), onWorker)).toBe(2);
  });

  it('still returns results nested a few hundred levels deep', async () => {
    const out = await compute(delayed(stuckOps.nestedArrays)(500), onWorker);
    let depth = 0;
    for (let a = out; a.length > 0; a = a[0] as unknown[]) depth++;
    expect(depth).toBe(500);
  });

  it('fails a task whose reply the main thread cannot deserialize (Sets nested 8,000 deep), and the pool recovers', async () => {
    const deep = delayed(stuckOps.nestedSets)(8_000);
    const err: unknown = await compute(deep, onWorker).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).key).toBe(deep.key);
    expect(((err as Error).cause as Error).message).toMatch(/^a batch reply from worker thread \d+ could not be read on the main thread \(RangeError: Maximum call stack size exceeded\); the worker was terminated$/);
    expect(await compute(delayed(ops.inc)(1), onWorker)).toBe(2);
  });
});
