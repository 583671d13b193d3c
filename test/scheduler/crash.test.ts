/**
 * A worker that dies mid-task fails that task with a TaskError and is replaced: the next compute
 * on the same pool succeeds. The task blamed is the one that was running, never one of a batch
 * queued behind it on the same worker (progress slots are reused within a run), and inside a
 * fused chain it is the step's own task.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compute, createPool, delayed, TaskError } from 'dusk-scheduler';
import { doomed } from './fixtures/exit-on-import.ts';
import { ops } from './fixtures/ops.ts';

const pool = createPool({ workers: 2 });
const single = createPool({ workers: 1 });
afterAll(() => Promise.all([pool.close(), single.close()]));

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

  it('blames exactly the task that exited, not one of a batch queued behind it on the same worker', async () => {
    // Many tiny independent tasks on one worker: once their duration is known they go in batches
    // of up to 64, two queued per worker, reusing progress slots within the run.
    const xs = (exitOn: number) => Array.from({ length: 3000 }, (_, i) => delayed(ops.maybeExit)(i, exitOn));
    const opts = { pool: single, inlineBelowUs: 0 };
    expect(await compute(xs(-1), opts)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    for (const exitOn of [4, 300, 777, 1200, 1500, 2222, 2600, 2999]) {
      const tasks = xs(exitOn);
      const err = await compute(tasks, opts).catch((e: unknown) => e);
      expect(err, `exitOn ${exitOn}`).toBeInstanceOf(TaskError);
      expect((err as TaskError).key, `exitOn ${exitOn}`).toBe(tasks[exitOn]!.key);
      expect((err as TaskError).op).toBe('maybeExit');
      expect(String((err as Error).cause)).toMatch(/worker exited with code: 1/);
    }
    expect(await compute(xs(-1), opts)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(single.threadIds).toHaveLength(1);
  });

  it('blames the step that exited inside a fused chain, naming the fused task it ran in', async () => {
    const before = delayed(ops.inc)(1);
    const dead = delayed(ops.maybeExit)(before, 2);
    const after = delayed(ops.inc)(dead);
    const err = await compute(after, { pool, inlineBelowUs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).key).toBe(dead.key);
    expect((err as TaskError).op).toBe('maybeExit');
    expect((err as TaskError).fusedIn).toBe(after.key);
    expect((err as Error).message).toContain(`in fused task '${after.key}'`);
    expect(await compute(delayed(ops.inc)(delayed(ops.maybeExit)(before, -1)), { pool, inlineBelowUs: 0 })).toBe(3);
  });

  it('blames no task for a worker that died before starting it: resent, then failed saying so', async () => {
    // The op's module exits the worker on import, before the batch's first task.
    const x = delayed(doomed.neverRuns)(1);
    const err = await compute(x, { pool: single, inlineBelowUs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).key).toBe(x.key);
    expect(((err as Error).cause as Error).message).toBe(`the worker died before task '${x.key}' started (3 times)`);
    expect(String(((err as Error).cause as Error).cause)).toMatch(/worker exited with code: 3/);
    expect(await compute(delayed(ops.inc)(1), { pool: single, inlineBelowUs: 0 })).toBe(2);
  });
});
