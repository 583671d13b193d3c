/**
 * A pool survives any op: a task stuck in a busy loop (or awaiting a promise that never settles)
 * is stopped by the compute's `timeout` or its abort signal — its worker is terminated and
 * replaced — the compute rejects naming the task, later computes on the same pool run, and a
 * script ends by itself afterwards.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { closeDefaultPools, compute, configure, createPool, delayed, Profiler, TaskError } from 'dusk-scheduler';
import { ops } from './fixtures/ops.ts';
import { spinOnImport } from './fixtures/spin-on-import.ts';
import { libraryOps } from './fixtures/library-ops.ts';
import { stuckOps } from './fixtures/stuck-ops.ts';

const pool = createPool({ workers: 1 });
afterAll(() => Promise.all([pool.close(), closeDefaultPools()]));
const onWorker = { pool, inlineBelowUs: 0 } as const;

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected the compute to fail');
    },
    (e: unknown) => e as Error,
  );
}

describe('stuck tasks', () => {
  it('fails a task stuck in a busy loop after the timeout, naming it, and replaces its worker', async () => {
    const stuck = delayed(stuckOps.spinForever)();
    const before = pool.threadIds;
    const err = await failure(compute(stuck, { ...onWorker, timeout: 150 }));
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).key).toBe(stuck.key);
    expect((err as TaskError).op).toBe('spinForever');
    expect((err.cause as Error).name).toBe('TimeoutError');
    expect((err.cause as Error).message).toMatch(new RegExp(`^task '${stuck.key}' ran longer than the timeout of 150 ms; its worker \\(thread \\d+\\) was terminated and replaced$`));
    expect(await compute(delayed(ops.inc)(1), onWorker)).toBe(2);
    expect(pool.threadIds).toHaveLength(1);
    expect(pool.threadIds).not.toEqual(before);
  });

  it('fails a task awaiting a promise that never settles after the timeout', async () => {
    const err = await failure(compute(delayed(ops.inc)(delayed(stuckOps.hangForever)()), { ...onWorker, timeout: 100, optimizeGraph: false }));
    expect((err as TaskError).op).toBe('hangForever');
    expect((err.cause as Error).name).toBe('TimeoutError');
    expect(await compute(delayed(ops.inc)(1), onWorker)).toBe(2);
  });

  it('does not hold a worker importing op modules to the per-task timeout, but an abort stops it', async () => {
    const x = delayed(spinOnImport.neverLoads)(1);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 600);
    // The import never ends; with a 100 ms task timeout it is still the abort that ends the compute.
    const err = await failure(compute(x, { ...onWorker, timeout: 100, signal: ac.signal }));
    expect(err.name).toBe('AbortError');
    expect(await compute(delayed(ops.inc)(1), onWorker)).toBe(2);
  });

  it('terminates the worker of a stuck task when the compute is aborted, and the pool runs the next compute', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await failure(compute(delayed(stuckOps.spinForever)(), { ...onWorker, signal: ac.signal }));
    expect(err.name).toBe('AbortError');
    expect(await compute(delayed(ops.add)(delayed(ops.inc)(1), 5), onWorker)).toBe(7);
  });

  it('does the same on the default pool', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await failure(compute(delayed(stuckOps.spinForever)(), { workers: 1, signal: ac.signal }));
    expect(err.name).toBe('AbortError');
    expect(await compute(delayed(ops.inc)(41), { workers: 1, inlineBelowUs: 0 })).toBe(42);
  });

  it('does not blame another compute whose task was waiting on the terminated worker: it runs again', async () => {
    // One worker: a sleeping task of compute A is suspended there when compute B's busy loop
    // takes the thread; B times out, the worker is terminated, and A's task runs on its replacement.
    const a = compute(delayed(ops.sleep)(7, 300), onWorker);
    await new Promise((r) => setTimeout(r, 50));
    const b = failure(compute(delayed(stuckOps.spinForever)(), { ...onWorker, timeout: 150 }));
    expect(((await b).cause as Error).name).toBe('TimeoutError');
    expect(await a).toBe(7);
  });

  it('fails an async main-thread task that outlives the timeout, saying it could not be stopped', async () => {
    const never = delayed(() => new Promise<number>(() => {}), { name: 'neverSettles' })();
    const err = await failure(compute(delayed(ops.inc)(never), { ...onWorker, timeout: 50 }));
    expect((err as TaskError).key).toBe(never.key);
    expect((err.cause as Error).message).toMatch(/ran longer than the timeout of 50 ms; it runs on the main thread, where it cannot be stopped/);
  });

  it('takes the timeout from configure() like the other defaults, and a call can override it', async () => {
    using _ = configure({ timeout: 100 });
    const err = await failure(compute(delayed(stuckOps.hangForever)(), onWorker));
    expect((err.cause as Error).message).toMatch(/timeout of 100 ms/);
    expect(await compute(delayed(ops.sleep)(3, 200), { ...onWorker, timeout: 5_000 })).toBe(3);
    expect(() => configure({ timeout: 0 })).toThrow(/timeout/);
  });

  it("keeps the library's op measured cheap on the workers when a timeout is set, so its one slow call is still stopped", async () => {
    // A trivial library op measures cheap: without a timeout the scheduler runs it inline on the
    // main thread, where the one call that spins for 3 s could not be stopped. A generous inline
    // threshold makes it cheap at any machine load. (The user's ops never run inline unless declared cheap.)
    const cheap = { pool, inlineBelowUs: 100_000 };
    const calls = (slow: number) => Array.from({ length: 300 }, (_, i) => delayed(libraryOps.slowAt)(i, slow, 3_000));
    await compute(calls(-1), cheap);
    const prof = new Profiler({ bytes: false });
    await compute(calls(-1), { ...cheap, callbacks: [prof] });
    expect(prof.results.filter((r) => r.where === 'main').length).toBeGreaterThan(0); // inline without a timeout
    const xs = calls(200);
    const err = await failure(compute(xs, { ...cheap, timeout: 300 }));
    expect((err as TaskError).key).toBe(xs[200]!.key);
    expect((err.cause as Error).name).toBe('TimeoutError');
  });

  it('leaves tasks that finish in time alone', async () => {
    const xs = Array.from({ length: 50 }, (_, i) => delayed(ops.sleep)(i, 2));
    expect(await compute(xs, { ...onWorker, timeout: 5_000 })).toEqual(xs.map((_, i) => i));
  });

  it('validates the timeout option, naming it', async () => {
    await expect(compute(delayed(ops.inc)(1), { timeout: -1 })).rejects.toThrow(/timeout/);
    await expect(compute(delayed(ops.inc)(1), { timeout: '10' as unknown as number })).rejects.toThrow(/timeout/);
  });

  it('lets a script whose stuck op was aborted and timed out on the default pool end by itself', async () => {
    const script = fileURLToPath(new URL('./fixtures/abort-script.ts', import.meta.url));
    // A pool kept alive by a stuck worker would hit this timeout, and execFile then kills the
    // child: one node process (tsx as a loader, not its CLI, which would leave its own child).
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], { timeout: 30_000, killSignal: 'SIGKILL' });
    const lines = stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1]!)).toEqual({ aborted: 'AbortError', timedOut: 'TimeoutError', after: 5 });
  });
});
