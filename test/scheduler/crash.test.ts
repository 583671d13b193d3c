/**
 * A worker that dies mid-task fails that task with a TaskError and is replaced: the next compute
 * on the same pool succeeds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compute, createPool, delayed, TaskError } from '@dusk/scheduler';
import { ops } from './fixtures/ops.ts';

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());

describe('worker crashes', () => {
  it('reports process.exit() inside an op as a TaskError, and the pool keeps working', async () => {
    const before = delayed(ops.inc)(1);
    const dead = delayed(ops.exitWorker)(before);
    const err = await compute(delayed(ops.inc)(dead), { pool, optimizeGraph: false, inlineBelowUs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).key).toBe(dead.key);
    expect((err as TaskError).op).toBe('exitWorker');
    expect(String((err as Error).cause)).toMatch(/worker exited with code: 1/);
    const xs = Array.from({ length: 20 }, (_, i) => delayed(ops.mul)(i, 2));
    expect(await compute(xs, { pool, inlineBelowUs: 0 })).toEqual(xs.map((_, i) => 2 * i));
  });

  it('reports an uncaught error thrown asynchronously in a worker, and the pool keeps working', async () => {
    const bad = delayed(ops.throwLater)(0);
    const err = await compute(bad, { pool }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).op).toBe('throwLater');
    expect(((err as Error).cause as Error).message).toBe('uncaught in worker timer');
    expect(await compute(delayed(ops.add)(1, 2, 3), { pool, inlineBelowUs: 0 })).toBe(6);
  });

  it('fails a task whose inputs cannot cross to a worker (a function) with the clone error', async () => {
    const makeFn = delayed((x: number) => () => x);
    const err = await compute(delayed(ops.add)(1, makeFn(2) as unknown as number), { pool, inlineBelowUs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).op).toBe('add');
    expect(((err as Error).cause as Error).name).toBe('DataCloneError');
    expect(await compute(delayed(ops.add)(1, 2), { pool, inlineBelowUs: 0 })).toBe(3);
  });

  it('survives several crashes in a row', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(compute(delayed(ops.exitWorker)(i), { pool })).rejects.toBeInstanceOf(TaskError);
    }
    expect(await compute(delayed(ops.inc)(41), { pool, inlineBelowUs: 0 })).toBe(42);
    expect(pool.threadIds).toHaveLength(2);
  });
});
