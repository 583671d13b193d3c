/**
 * The conformance suite: the same behaviour from every executor. `conformanceSuite(profile)`
 * declares it for one executor; `conformance.test.ts` runs it on `sync` and `threads` and checks
 * that no registered executor is left out, `test/distributed/conformance.test.ts` on
 * `distributed` (against a real Redis and worker processes).
 *
 * A profile says what differs by nature: the options that select the executor, whether worker
 * ops leave the main thread, how a side-effect counter is read (shared memory within a process, a
 * file across processes), and how much the results alive at once may weigh.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import {
  compute, delayed, delayedValue, persist, TaskError, type Callback, type ComputeOptions, type Delayed, type RunInfo,
} from 'dusk-scheduler';
import { setLookaheadBytes } from 'dusk-scheduler/testing';
import { ops } from './fixtures/ops.ts';
import { buildDag, randomDag, reference } from './fixtures/random-dag.ts';

/** A side-effect counter that `ops.tick` bumps, and how to read it here. */
export interface Counter {
  readonly arg: Int32Array | string;
  read(): number;
}

export interface ExecutorProfile {
  /** Its registered name. */
  readonly scheduler: string;
  /** Options every compute of the suite passes (e.g. a connection). */
  readonly options?: () => ComputeOptions;
  /** Worker ops run off the main thread (pretask says 'worker'). */
  readonly sendsToWorkers: boolean;
  /** A fresh counter. */
  counter(): Counter;
  /**
   * Bytes the held intermediates may weigh at once on the releasing test (2000 pipelines folded;
   * each result counts `RESULT_OVERHEAD_BYTES`), run with the look-ahead budget `TEST_LOOKAHEAD_BYTES`.
   */
  readonly liveBytesBound: number;
  /** How long a worker task already running when the run failed may still take to stop (ms). @default 30 */
  readonly settleMs?: number;
}

/** A counter in shared memory: for executors whose workers are threads of this process. */
export function sharedCounter(): Counter {
  const arg = new Int32Array(new SharedArrayBuffer(4));
  return { arg, read: () => Atomics.load(arg, 0) };
}

/** A counter in a file (one line per tick: the pid that ticked): for workers in other processes on this machine. */
export function fileCounter(): Counter & { pids(): number[] } {
  const arg = join(mkdtempSync(join(tmpdir(), 'dusk-counter-')), 'ticks');
  writeFileSync(arg, '');
  const pids = () => readFileSync(arg, 'utf8').split('\n').filter(Boolean).map(Number);
  return { arg, read: () => pids().length, pids };
}

/** The look-ahead budget of the releasing test: 64 held results of `RESULT_OVERHEAD_BYTES`. */
export const TEST_LOOKAHEAD_BYTES = 64 * 256;

export function conformanceSuite(profile: ExecutorProfile): void {
  describe(`scheduler ${profile.scheduler}`, () => body(profile));
}

function body(profile: ExecutorProfile): void {
  const base = profile.options ?? (() => ({}));
  const scheduler = profile.scheduler;
  it('matches a reference evaluation on 300 random DAGs of worker ops, closures and async tasks', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const dag = randomDag(seed);
      const out = await compute(buildDag(dag), { ...base(), scheduler, optimizeGraph: seed % 2 === 0 });
      expect(out, `seed ${seed}`).toEqual(reference(dag));
    }
  });

  it('matches the reference on larger random DAGs', async () => {
    for (let seed = 1000; seed < 1010; seed++) {
      const dag = randomDag(seed, 400);
      expect(await compute(buildDag(dag), { ...base(), scheduler })).toEqual(reference(dag));
    }
  });

  it('returns nested structures with results in place of the Delayeds', async () => {
    const a = delayed(ops.inc)(1);
    const b = delayed((x: number) => x * 10)(a);
    const out = await compute({ list: [a, { b, s: 'text' }], map: new Map([['k', b]]), n: 3 }, { ...base(), scheduler });
    expect(out).toEqual({ list: [2, { b: 20, s: 'text' }], map: new Map([['k', 20]]), n: 3 });
  });

  it('runs a shared dependency once', async () => {
    const counter = profile.counter();
    const shared = delayed(ops.tick)(counter.arg, 5);
    const users = Array.from({ length: 20 }, (_, i) => delayed(ops.add)(shared, i));
    const out = await compute(users, { ...base(), scheduler });
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => 5 + i));
    expect(counter.read()).toBe(1);
  });

  it('persists results so that later computes start from them', async () => {
    const counter = profile.counter();
    const x = delayed(ops.tick)(counter.arg, 41);
    const [held] = await persist([x], { ...base(), scheduler });
    expect(held!.key).toBe(x.key);
    expect(await compute(delayed(ops.inc)(held!), { ...base(), scheduler })).toBe(42);
    expect(await compute(delayed(ops.add)(held!, held!), { ...base(), scheduler })).toBe(82);
    expect(counter.read()).toBe(1);
  });

  it('rejects with a TaskError naming the key and op, with the original error as cause', async () => {
    const bad = delayed(ops.fail)(7);
    const err = await compute(delayed(ops.inc)(bad), { ...base(), scheduler, optimizeGraph: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    const te = err as TaskError;
    expect(te.key).toBe(bad.key);
    expect(te.op).toBe('fail');
    expect(te.message).toContain('op failed on purpose (input 7)');
    expect(te.cause).toBeInstanceOf(RangeError);
    expect((te.cause as RangeError & { code: string }).code).toBe('E_ON_PURPOSE');
    expect((te.cause as Error).stack).toContain('fail');
  });

  it('names the failing step of a fused chain (optimizer on): its own key and op, and the fused task', async () => {
    const tasks: number[] = [];
    const where: string[] = [];
    const total: Callback = { start: (run) => void tasks.push(run.total), pretask: (t) => void where.push(t.where) };
    const opts = { ...base(), scheduler, inlineBelowUs: 0, callbacks: [total] };
    // Worker ops: load → bad → post, fused into one task under post's key.
    const load = delayed(ops.inc)(1);
    const bad = delayed(ops.fail)(load);
    const post = delayed(ops.inc)(bad);
    const e1 = (await compute(post, opts).catch((e: unknown) => e)) as TaskError;
    expect(tasks).toEqual([1]);
    expect(where).toEqual([profile.sendsToWorkers ? 'worker' : 'main']);
    expect(e1).toBeInstanceOf(TaskError);
    expect([e1.key, e1.op, e1.fusedIn]).toEqual([bad.key, 'fail', post.key]);
    expect(e1.message).toBe(`task '${bad.key}' (fail) failed in fused task '${post.key}': RangeError: op failed on purpose (input 2)`);
    expect(e1.cause).toBeInstanceOf(RangeError);
    expect((e1.cause as Error).stack).toContain('fail');
    // An async step before the failing one, and a longer chain.
    const slow = delayed(ops.asyncAdd)(load, 1);
    const bad2 = delayed(ops.fail)(slow);
    const top = delayed(ops.mul)(delayed(ops.inc)(bad2), 2);
    const e2 = (await compute(top, opts).catch((e: unknown) => e)) as TaskError;
    expect([e2.key, e2.op, e2.fusedIn]).toEqual([bad2.key, 'fail', top.key]);
    // Main-thread closures fuse too.
    const parse = delayed(function parse(x: number): number {
      return x + 1;
    });
    const broken = delayed(function broken(_x: number): number {
      throw new TypeError('closure broke');
    });
    const mid = broken(parse(1));
    const last = parse(mid);
    const e3 = (await compute(last, opts).catch((e: unknown) => e)) as TaskError;
    expect([e3.key, e3.op, e3.fusedIn]).toEqual([mid.key, 'broken', last.key]);
    expect(e3.cause).toBeInstanceOf(TypeError);
    // The top's own step failing names the top, with no fused-in key.
    const e4 = (await compute(delayed(ops.fail)(load), opts).catch((e: unknown) => e)) as TaskError;
    expect([e4.op, e4.fusedIn]).toEqual(['fail', undefined]);
    expect(e4.message).toMatch(/^task 'fail-[^']+' \(fail\) failed: RangeError/);
    expect(tasks).toEqual([1, 1, 1, 1]);
  });

  it('reports failures of main-thread closures and async ops the same way', async () => {
    const boom = delayed(function boom(_x: number): number {
      throw new TypeError('closure broke');
    });
    const e1 = (await compute(boom(1), { ...base(), scheduler }).catch((e: unknown) => e)) as TaskError;
    expect(e1).toBeInstanceOf(TaskError);
    expect(e1.op).toBe('boom');
    expect(e1.cause).toBeInstanceOf(TypeError);
    const rejecting = delayed(async function rejecting(): Promise<number> {
      await Promise.resolve();
      throw new Error('async closure broke');
    });
    const e2 = (await compute(rejecting(), { ...base(), scheduler }).catch((e: unknown) => e)) as TaskError;
    expect(e2.op).toBe('rejecting');
    expect((e2.cause as Error).message).toBe('async closure broke');
  });

  it('starts no new task after the first failure', async () => {
    const counter = profile.counter();
    // A failing task early in a long chain: nothing after it may run.
    let x = delayed(ops.tick)(counter.arg, 0);
    x = delayed(ops.fail)(x);
    for (let i = 0; i < 50; i++) x = delayed(ops.tick)(counter.arg, x);
    await expect(compute(x, { ...base(), scheduler, optimizeGraph: false })).rejects.toBeInstanceOf(TaskError);
    expect(counter.read()).toBe(1);
    // Many independent branches, one failing: after the rejection, the count stops moving.
    const branches = Array.from({ length: 400 }, (_, i) => (i === 3 ? delayed(ops.fail)(i) : delayed(ops.tick)(counter.arg, i)));
    const chained = branches.map((b) => delayed(ops.tick)(counter.arg, b));
    await expect(compute(chained, { ...base(), scheduler, optimizeGraph: false })).rejects.toBeInstanceOf(TaskError);
    // A worker task already running when the failure arrived may still finish: let it.
    await new Promise((r) => setTimeout(r, profile.settleMs ?? 30));
    const after = counter.read();
    expect(after).toBeLessThan(1 + 799);
    await new Promise((r) => setTimeout(r, 50));
    expect(counter.read()).toBe(after);
  });

  it('cancels with an AbortSignal and rejects with an AbortError', async () => {
    const counter = profile.counter();
    const slow = Array.from({ length: 200 }, (_, i) => delayed(ops.tick)(counter.arg, delayed(ops.sleep)(i, 5)));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const err = await compute(slow, { ...base(), scheduler, signal: ac.signal, optimizeGraph: false }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(counter.read()).toBeLessThan(200);
    // An already aborted signal runs nothing (counted once the first run's last tasks settled:
    // a remote worker stops a batch between tasks, so its running task may still tick).
    await new Promise((r) => setTimeout(r, profile.settleMs ?? 30));
    const before = counter.read();
    await expect(compute(slow, { ...base(), scheduler, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(counter.read()).toBe(before);
  });

  it('calls start, pretask, posttask and finish in order, once per task', async () => {
    const log: string[] = [];
    const cb: Callback = {
      start: (run) => log.push(`start ${run.total}`),
      pretask: (t) => log.push(`pre ${t.key}`),
      posttask: (t, run) => log.push(`post ${t.key} ${run.finished}`),
      finish: (run, error) => log.push(`finish ${run.finished} ${error === undefined}`),
    };
    const a = delayed(ops.inc, { key: 'a' })(1);
    const b = delayed((x: number) => x * 2, { key: 'b' })(a);
    const c = delayed(ops.add, { key: 'c' })(a, b);
    expect(await compute(c, { ...base(), scheduler, callbacks: [cb], optimizeGraph: false })).toBe(6);
    expect(log).toEqual(['start 3', 'pre a', 'post a 1', 'pre b', 'post b 2', 'pre c', 'post c 3', 'finish 3 true']);
    log.length = 0;
    await compute(delayed(ops.fail)(a), { ...base(), scheduler, callbacks: [cb], optimizeGraph: false }).catch(() => undefined);
    expect(log[0]).toBe('start 2');
    expect(log[log.length - 1]).toBe('finish 1 false');
  });

  it('fails the compute when a posttask callback throws, on the last task too', async () => {
    for (const at of [1, 3]) {
      let n = 0;
      const bad: Callback = { posttask: () => { if (++n === at) throw new Error(`callback bug at ${at}`); } };
      const xs = [1, 2, 3].map((i) => delayed(ops.inc)(i));
      await expect(compute(xs, { ...base(), scheduler, callbacks: [bad], optimizeGraph: false })).rejects.toThrow(`callback bug at ${at}`);
    }
  });

  it('releases intermediates as soon as their consumers finished (live bytes stay bounded)', async () => {
    let peak = 0;
    const watch: Callback = { posttask: (_t, run: RunInfo) => void (peak = Math.max(peak, run.liveBytes)) };
    // 2000 independent per-image pipelines (load → filter → measure), folded into a running total.
    let total: Delayed<number> | number = 0;
    for (let i = 0; i < 2000; i++) {
      const img = delayed(ops.inc)(i);
      const filtered = delayed((x: number) => x * 2)(img);
      const measured = delayed(ops.mul)(filtered, 3);
      total = delayed(ops.add)(total, measured);
    }
    const seen: RunInfo[] = [];
    const restore = setLookaheadBytes(TEST_LOOKAHEAD_BYTES);
    let out: number;
    try {
      out = await compute(total, { ...base(), scheduler, optimizeGraph: false, callbacks: [watch, { finish: (r) => void seen.push(r) }] });
    } finally {
      restore();
    }
    expect(out).toBe(6 * ((2000 * 2001) / 2));
    expect(seen[0]!.total).toBe(8000);
    // Without release (or with a look-ahead bound by nothing) ~6000 results (1.5 MB at 256 bytes
    // each) could be alive. `sync` holds a handful; executors with workers also hold what their
    // look-ahead window and batches in flight bring back.
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(profile.liveBytesBound);
    expect(seen[0]!.peakLiveBytes).toBeLessThan(profile.liveBytesBound);
    expect(seen[0]!.liveResults).toBe(1);
    expect(seen[0]!.liveBytes).toBe(0);
  });

  it('runs literal values and graphs without worker ops', async () => {
    expect(await compute(delayedValue([1, 2, 3]), { ...base(), scheduler })).toEqual([1, 2, 3]);
    const twice = delayed((x: number) => x * 2);
    expect(await compute(twice(twice(3)), { ...base(), scheduler })).toBe(12);
    expect(threadId).toBe(0);
  });

  it('rejects bad options with messages naming the field', async () => {
    const x = delayed(ops.inc)(1);
    await expect(compute(x, { ...base(), scheduler, workers: 0 })).rejects.toThrow(/compute: option 'workers' .*>=1.*received 0/);
    await expect(compute(x, { ...base(), scheduler, ...({ worker: 2 } as object) })).rejects.toThrow(/worker/);
    await expect(compute(x, { ...base(), scheduler, signal: 'stop' as unknown as AbortSignal })).rejects.toThrow(/option 'signal'/);
    await expect(compute(x, { ...base(), scheduler, callbacks: [{ posttask: 3 } as unknown as Callback] })).rejects.toThrow(/option 'callbacks.0'/);
  });
}
