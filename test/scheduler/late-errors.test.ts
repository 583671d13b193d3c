/**
 * An error an op raises after its task finished (a timer throwing, a promise rejecting unhandled)
 * is reported as a late error of the worker, naming the op whose code raised it; it is never
 * blamed on the unrelated task that happens to be running on that worker, which succeeds. An
 * error raised while the op's own task is still pending fails that task.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compute, createPool, delayed, TaskError } from 'dusk-scheduler';
import { ops } from './fixtures/ops.ts';
import { stuckOps } from './fixtures/stuck-ops.ts';

const pool = createPool({ workers: 1 });
afterAll(() => pool.close());
const onWorker = { pool, inlineBelowUs: 0 } as const;

/** Collect the process warnings emitted while `fn` runs. */
async function warningsDuring<T>(fn: () => Promise<T>): Promise<{ value: T; warnings: Error[] }> {
  const warnings: Error[] = [];
  const on = (w: Error) => warnings.push(w);
  process.on('warning', on);
  try {
    const value = await fn();
    await new Promise((r) => setTimeout(r, 20));
    return { value, warnings };
  } finally {
    process.off('warning', on);
  }
}

describe('late errors in workers', () => {
  it('does not blame a timer error thrown after an op returned on the next task of that worker', async () => {
    const { value, warnings } = await warningsDuring(async () => {
      expect(await compute(delayed(stuckOps.throwAfterReturn)(1, 30), onWorker)).toBe(1);
      // This task awaits on the same (only) worker while the timer fires.
      return compute(delayed(ops.sleep)(7, 200), onWorker);
    });
    expect(value).toBe(7);
    const late = pool.idleErrors.at(-1) as Error;
    expect(late.message).toMatch(/^worker thread \d+: op 'throwAfterReturn' raised an error after its task had finished \(uncaughtException; late, not blamed on any task\): thrown by a timer after the op returned$/);
    expect((late.cause as Error).message).toBe('thrown by a timer after the op returned');
    expect(warnings.some((w) => w.name === 'DuskLateWorkerError' && w.message === late.message)).toBe(true);
  });

  it('reports an unhandled rejection left behind by an op the same way', async () => {
    expect(await compute(delayed(stuckOps.rejectAfterReturn)(2, 30), onWorker)).toBe(2);
    expect(await compute(delayed(ops.sleep)(8, 200), onWorker)).toBe(8);
    expect(String(pool.idleErrors.at(-1))).toMatch(/op 'rejectAfterReturn' raised an error after its task had finished \(unhandledRejection; late/);
  });

  it('fails the pending task whose own timer threw, without losing the worker', async () => {
    const before = pool.threadIds;
    const err = await compute(delayed(ops.throwLater)(0), onWorker).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).op).toBe('throwLater');
    expect(((err as Error).cause as Error).message).toBe('uncaught in worker timer');
    expect(pool.threadIds).toEqual(before);
    expect(await compute(delayed(ops.inc)(1), onWorker)).toBe(2);
  });
});
