/**
 * Callbacks registered globally, ProgressBar, Profiler (and its Chrome trace), ResourceProfiler.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromeTrace, compute, createPool, delayed, Profiler, ProgressBar, registerCallbacks, ResourceProfiler, type Callback,
} from 'dusk-scheduler';
import { ops } from './fixtures/ops.ts';

const pool = createPool({ workers: 2 });
afterAll(() => pool.close());

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, isTTY, write: (s: string) => void chunks.push(s) };
}

/** A graph of `n` sleeping worker tasks, long enough for timers to tick. */
const sleepy = (n: number, ms: number) => Array.from({ length: n }, (_, i) => delayed(ops.sleep)(i, ms));

describe('callbacks and diagnostics', () => {
  it('applies globally registered callbacks to every compute until disposed', async () => {
    const keys: string[] = [];
    const cb: Callback = { posttask: (t) => void keys.push(t.key) };
    {
      using _registered = registerCallbacks(cb);
      await compute(delayed(ops.inc, { key: 'one' })(1), { scheduler: 'sync' });
      await compute(delayed(ops.inc, { key: 'two' })(1), { pool });
    }
    await compute(delayed(ops.inc, { key: 'three' })(1), { scheduler: 'sync' });
    expect(keys).toEqual(['one', 'two']);
    expect(() => registerCallbacks({ start: 1 } as unknown as Callback)).toThrow(/registerCallbacks/);
  });

  it('draws a progress bar in place on a terminal and ends its line', async () => {
    const out = sink(true);
    await compute(sleepy(20, 10), { pool, callbacks: [new ProgressBar({ out, dt: 5 })] });
    const text = out.chunks.join('');
    expect(out.chunks.length).toBeGreaterThan(1);
    expect(out.chunks.every((c) => c === '\n' || c.startsWith('\r['))).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toMatch(/\[#{40}\] \| 100% Completed \| \d+\.\d s\n$/);
  });

  it('prints plain lines at a steady interval when the output is not a terminal, ending with the 100 % line', async () => {
    const log = sink(false);
    await compute(sleepy(12, 10), { pool, callbacks: [new ProgressBar({ out: log, interval: 20 })] });
    const lines = log.chunks.join('').split('\n');
    expect(lines.pop()).toBe(''); // every line ends with a newline
    expect(log.chunks.every((c) => !c.includes('\r'))).toBe(true);
    expect(lines.length).toBeGreaterThan(1); // at least one heartbeat before the final line
    for (const l of lines) expect(l).toMatch(/^\[[# ]{40}\] \| +\d+% Completed \| \d+\.\d s$/);
    expect(lines.at(-1)).toMatch(/\| 100% Completed \|/);
    const forced = sink(false);
    await compute(sleepy(3, 5), { pool, callbacks: [new ProgressBar({ out: forced, dt: 1, force: true })] });
    expect(forced.chunks.some((c) => c.startsWith('\r['))).toBe(true);
    expect(forced.chunks.join('')).toContain('100% Completed');
    expect(() => new ProgressBar({ interval: 0 })).toThrow(/ProgressBar: option 'interval'/);
  });

  it('formats the bar and validates its options', () => {
    const bar = new ProgressBar({ width: 10, out: sink(true) });
    expect(bar.line(5, 10, 1.25)).toBe('[#####     ] |  50% Completed | 1.3 s');
    expect(bar.line(0, 0, 0)).toBe('[##########] | 100% Completed | 0.0 s');
    expect(() => new ProgressBar({ width: 0 })).toThrow(/ProgressBar: option 'width'/);
    expect(() => new ProgressBar({ out: {} as never })).toThrow(/ProgressBar: option 'out'/);
  });

  it('profiles every task with its thread, times and result size, and writes a Chrome trace', async () => {
    const prof = new Profiler();
    const res = new ResourceProfiler({ dt: 5 });
    const arrays = Array.from({ length: 6 }, (_, i) => delayed(ops.makeShared)(100, i));
    const sizes = arrays.map((a) => delayed((x: Float64Array) => x.length)(a));
    await compute([sizes, sleepy(4, 10)], { pool, callbacks: [prof, res], inlineBelowUs: 0, optimizeGraph: false });
    expect(prof.results).toHaveLength(16);
    for (const r of prof.results) {
      expect(r.end).toBeGreaterThanOrEqual(r.start);
      expect(r.start).toBeGreaterThan(0);
    }
    const made = prof.results.filter((r) => r.name === 'makeShared');
    expect(made.every((r) => r.bytes === 800 && r.where === 'worker' && pool.threadIds.includes(r.thread))).toBe(true);
    expect(prof.results.filter((r) => r.name === 'lambda').every((r) => r.thread === 0 && r.where === 'main')).toBe(true);
    expect(prof.summary().map((s) => s.name).sort()).toEqual(['lambda', 'makeShared', 'sleep']);

    const dir = mkdtempSync(join(tmpdir(), 'dusk-trace-'));
    const file = join(dir, 'trace.json');
    await prof.writeChromeTrace(file, { resources: res.results });
    const trace = JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof chromeTrace>;
    const tasks = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(tasks).toHaveLength(16);
    expect(tasks.every((e) => e.ts! >= 0 && e.dur! >= 0 && e.pid === 1)).toBe(true);
    const names = trace.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args!.name);
    expect(names).toContain('main');
    expect(names.filter((n) => String(n).startsWith('worker ')).length).toBeGreaterThanOrEqual(1);
    expect(trace.traceEvents.some((e) => e.ph === 'C' && e.name === 'memory (MB)')).toBe(true);
  });

  it('samples memory and CPU while a compute runs', async () => {
    const res = new ResourceProfiler({ dt: 5 });
    await compute(sleepy(10, 10), { pool, callbacks: [res] });
    expect(res.results.length).toBeGreaterThanOrEqual(2);
    for (const s of res.results) {
      expect(s.rss).toBeGreaterThan(0);
      expect(s.heapUsed).toBeGreaterThan(0);
      expect(s.cpu).toBeGreaterThanOrEqual(0);
    }
    expect(res.peak().rss).toBe(Math.max(...res.results.map((s) => s.rss)));
    expect(() => new ResourceProfiler({ dt: -1 })).toThrow(/ResourceProfiler: option 'dt'/);
  });
});
