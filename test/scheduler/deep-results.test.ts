/**
 * A worker result that cannot reach the main thread — nested thousands of levels deep, or holding
 * a function — settles the compute with a clear error naming the task, never hangs it, overflows
 * the main thread's stack or restarts the worker, and the pool keeps working.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compute, createPool, delayed, TaskError } from 'dusk-scheduler';
import { ops } from './fixtures/ops.ts';
import { stuckOps } from './fixtures/stuck-ops.ts';
import { wireOps } from './fixtures/wire-ops.ts';

const pool = createPool({ workers: 1 });
const two = createPool({ workers: 2 });
afterAll(() => Promise.all([pool.close(), two.close()]));
const onWorker = { pool, inlineBelowUs: 0 } as const;

describe('results too deep to cross threads', () => {
  it.each([
    ['arrays', 2_000], ['arrays', 3_000], ['arrays', 100_000], ['Sets', 8_000],
  ] as const)('fails a task returning %s nested %i deep with a clear error', async (kind, depth) => {
    const deep = delayed(kind === 'Sets' ? stuckOps.nestedSets : stuckOps.nestedArrays)(depth);
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

  it('fails a task whose reply the main thread cannot deserialize (errors chained 8,000 deep), and the pool recovers', async () => {
    const deep = delayed(stuckOps.chainedErrors)(8_000);
    const err: unknown = await compute(deep, onWorker).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).key).toBe(deep.key);
    expect(((err as Error).cause as Error).message).toMatch(/^a batch reply from worker thread \d+ could not be read on the main thread \(RangeError: Maximum call stack size exceeded\); the worker was terminated$/);
    expect(await compute(delayed(ops.inc)(1), onWorker)).toBe(2);
  });

  it('fails a task whose result holds a function with a DataCloneError saying where, on the same worker', async () => {
    const before = pool.threadIds;
    const bad = delayed(wireOps.withMethod)(3);
    const err: unknown = await compute(bad, onWorker).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).key).toBe(bad.key);
    const cause = (err as Error).cause as Error;
    expect(cause.name).toBe('DataCloneError');
    expect(cause.message).toBe("encodeWire: value.get is a function ('get'), which cannot be cloned to another thread");
    expect(pool.threadIds).toEqual(before);
  });

  it('also fails it when the unreadable reply is drained while another worker\'s reply is handled (no uncaught error)', async () => {
    await compute([delayed(ops.inc)(0), delayed(ops.inc)(1)], { pool: two, inlineBelowUs: 0 });
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      for (let round = 0; round < 3; round++) {
        // The last round's deep reply terminated its worker: wait for the replacement, with both
        // op modules imported, so the quick task and the deep one run on different workers and
        // the drain below is what reads the deep reply (two done batches on one worker are told
        // apart by their reply numbers: crash-triage.test.ts).
        await two.warmup([ops.inc, stuckOps.chainedErrors]);
        // Both workers reply while the main thread is busy: the first reply handled (the quick
        // one) makes piscina drain the other port synchronously, where the deep reply fails.
        const busyMain = delayed((ms: number) => {
          const end = performance.now() + ms;
          while (performance.now() < end);
          return ms;
        })(300);
        const deep = delayed(stuckOps.chainedErrors)(8_000);
        const err: unknown = await compute([delayed(ops.inc)(round), deep, busyMain], { pool: two, inlineBelowUs: 0 }).catch((e: unknown) => e);
        expect(err, `round ${round}`).toBeInstanceOf(TaskError);
        expect((err as TaskError).key).toBe(deep.key);
        expect(((err as Error).cause as Error).message).toMatch(/could not be read on the main thread/);
      }
      expect(uncaught).toEqual([]);
      expect(await compute(delayed(ops.inc)(1), { pool: two, inlineBelowUs: 0 })).toBe(2);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  }, 30_000);
});
