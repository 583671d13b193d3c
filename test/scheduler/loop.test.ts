/**
 * The scheduling loop with main-thread tasks (the user's own closures): it stays responsive —
 * an abort lands as soon as the running task returns, timers run between tasks — and it says
 * where the work ran when the user's functions kept the main thread busy while workers were free.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, describe, expect, it } from 'vitest';
import { compute, createPool, delayed, Profiler, ProgressBar, type Callback, type Delayed, type RunInfo } from 'dusk-scheduler';
import { ops } from './fixtures/ops.ts';

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());

/** Keep the thread busy for `ms` milliseconds (a CPU-bound user function). */
function busy(ms: number): number {
  const t = performance.now();
  while (performance.now() - t < ms);
  return ms;
}

function lastRun(): Callback & { run?: RunInfo } {
  const cb: Callback & { run?: RunInfo } = { finish: (r) => void (cb.run = r) };
  return cb;
}

describe('a loop of main-thread tasks', () => {
  it('honours an abort as soon as the running task returns, even for long tasks', async () => {
    for (const scheduler of ['threads', 'sync'] as const) {
      const started: number[] = [];
      const ac = new AbortController();
      const step = (i: number) => {
        started.push(i);
        if (i === 2) setTimeout(() => ac.abort(), 0); // due while task 2 runs
        return busy(30);
      };
      const tasks = Array.from({ length: 20 }, (_, i) => delayed(step, { name: `step${i}` })(i));
      await expect(compute(tasks, { scheduler, signal: ac.signal, pool })).rejects.toMatchObject({ name: 'AbortError' });
      // Task 2 armed the timer; the loop yields after it, the timer fires, nothing more starts.
      expect(started).toEqual([0, 1, 2]);
    }
  });

  it('honours an abort inside a fused chain of main-thread functions, between its steps, and runs none of the rest', async () => {
    for (const scheduler of ['threads', 'sync'] as const) {
      const ran: number[] = [];
      const ac = new AbortController();
      let x: Delayed<number> | number = 0;
      for (let i = 0; i < 30; i++) {
        const k = i;
        x = delayed((v: number) => {
          ran.push(k);
          if (k === 2) setTimeout(() => ac.abort(), 0); // due while the chain runs
          return v + busy(10);
        })(x);
      }
      await expect(compute(x, { scheduler, signal: ac.signal, pool })).rejects.toMatchObject({ name: 'AbortError' });
      const seen = ran.length;
      for (let t = 0; t < 5; t++) await new Promise((r) => setTimeout(r, 1));
      // One task of 30 steps (the optimizer fused the chain): it yields every 16 ms, the abort
      // lands at the first yield after step 2, and the chain stops there.
      expect(seen).toBeLessThan(30);
      expect(ran.length).toBe(seen);
    }
  });

  it('lets timers run between tasks that each take longer than 16 ms, whichever event-loop phase started it', async () => {
    // Started from a timer callback (timers phase) and from an I/O callback (poll phase, as a
    // worker's reply is): a single setImmediate queued there would run in the same turn's check
    // phase, before any timer.
    const starts = [
      (go: () => void) => go(),
      (go: () => void) => setTimeout(go, 0),
      (go: () => void) => void import('node:fs').then((fs) => fs.stat('.', () => go())),
    ];
    for (const start of starts) {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const seen: number[] = [];
      const tasks = Array.from({ length: 5 }, () => delayed(() => (seen.push(ticks), busy(20)))());
      try {
        await new Promise<unknown>((resolve, reject) => start(() => void compute(tasks, { pool }).then(resolve, reject)));
      } finally {
        clearInterval(timer);
      }
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
    }
  });

  it('draws the progress bar while main-thread tasks run, not only at the end', async () => {
    const chunks: string[] = [];
    const out = { isTTY: true, write: (s: string) => void chunks.push(s) };
    const tasks = Array.from({ length: 10 }, () => delayed(() => busy(20))());
    await compute(tasks, { pool, callbacks: [new ProgressBar({ out, dt: 5 })] });
    const percents = chunks.filter((c) => c.startsWith('\r[')).map((c) => Number(/(\d+)% Completed/.exec(c)![1]));
    expect(percents.some((p) => p < 100)).toBe(true);
    expect(percents.at(-1)).toBe(100);
  });
});

describe('where work runs', () => {
  it('warns once, naming the main-thread function and how to move it to workers', async () => {
    const published: unknown[] = [];
    const listener = (m: unknown) => void published.push(m);
    subscribe('dusk:warning', listener);
    try {
      const prof = new Profiler({ bytes: false });
      const seen = lastRun();
      const slowFilter = (i: number) => busy(20) + i;
      await compute(Array.from({ length: 4 }, (_, i) => delayed(slowFilter)(i)), { pool, callbacks: [prof, seen] });
      const [w] = seen.run!.warnings;
      expect(w?.code).toBe('DUSK_MAIN_THREAD_WORK');
      expect(w?.functions.map((f) => [f.name, f.tasks])).toEqual([['slowFilter', 4]]);
      expect(w?.ms).toBeGreaterThan(50);
      expect(w?.message).toMatch(/ran on the main thread while worker threads were free, in slowFilter \(4 tasks, \d+ ms\)/);
      expect(w?.message).toContain("defineOps(import.meta.url, { slowFilter })");
      expect(published).toEqual([w]);
      expect(prof.warnings).toEqual([w]);
      expect(prof.summary().find((r) => r.name === 'slowFilter')?.where).toBe('main');

      // Once per function: the same function again is not named again.
      await compute(Array.from({ length: 4 }, (_, i) => delayed(slowFilter)(i)), { pool, callbacks: [seen] });
      expect(seen.run!.warnings).toEqual([]);
      expect(published).toHaveLength(1);
    } finally {
      unsubscribe('dusk:warning', listener);
    }
  });

  it('names the function, not the fused chain, and counts each of its calls in the chain', async () => {
    const seen = lastRun();
    const slowChainStep = (x: number) => busy(20) + x;
    let x: Delayed<number> | number = 0;
    for (let i = 0; i < 4; i++) x = delayed(slowChainStep)(x);
    await compute(x, { pool, callbacks: [seen] });
    const [w] = seen.run!.warnings;
    expect(w?.functions.map((f) => [f.name, f.tasks])).toEqual([['slowChainStep', 4]]);
    expect(w?.message).toContain('defineOps(import.meta.url, { slowChainStep })');
  });

  it('prints the warning under the progress bar and marks it shown', async () => {
    const chunks: string[] = [];
    const out = { isTTY: false, write: (s: string) => void chunks.push(s) };
    const seen = lastRun();
    const toGrey = () => busy(60);
    await compute(delayed(toGrey)(), { pool, callbacks: [new ProgressBar({ out }), seen] });
    const text = chunks.join('');
    expect(text).toMatch(/100% Completed \| [\d.]+ s\nWarning: \d+ ms of this compute ran on the main thread .* in toGrey \(1 task, \d+ ms\)/);
    expect(seen.run!.warnings[0]?.shown).toBe(true);
  });

  it('does not warn for worker ops, for quick closures, or under the sync scheduler', async () => {
    const seen = lastRun();
    await compute(Array.from({ length: 4 }, (_, i) => delayed(ops.sleep)(i, 20)), { pool, callbacks: [seen] });
    expect(seen.run!.warnings).toEqual([]);
    const plusOne = (x: number) => x + 1; // trivial, however many: better inline than anywhere else
    await compute(Array.from({ length: 100_000 }, (_, i) => delayed(plusOne)(i)), { pool, callbacks: [seen], optimizeGraph: false });
    expect(seen.run!.warnings).toEqual([]);
    // The same as one fused chain: still 100 000 quick calls, not one slow function.
    let chain: Delayed<number> | number = 0;
    for (let i = 0; i < 100_000; i++) chain = delayed(plusOne)(chain);
    expect(await compute(chain, { pool, callbacks: [seen] })).toBe(100_000);
    expect(seen.run!.warnings).toEqual([]);
    const syncOnly = () => busy(60);
    await compute(delayed(syncOnly)(), { scheduler: 'sync', callbacks: [seen] });
    expect(seen.run!.warnings).toEqual([]);
  });
});
