/**
 * `ResourceProfiler`: samples memory and CPU of the process while computes run, like
 * `dask.diagnostics.ResourceProfiler`. Worker threads live in this process, so the numbers cover
 * them too.
 *
 * Each sample: time (epoch ms), `rss`, `heapUsed`, `heapTotal`, `external`, `arrayBuffers` (bytes,
 * from `process.memoryUsage()`; SharedArrayBuffer image data shows in `arrayBuffers`/`external`)
 * and `cpu`, the process CPU time over the interval since the previous sample as a percentage of
 * one core (200 = two cores busy). Sampling starts when a run starts, ticks every `dt` ms on an
 * unref'd timer, and stops with a last sample when the run finishes. Samples accumulate over
 * computes until `clear()`.
 *
 * State: the samples, the timer and the previous CPU reading.
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { registerCallbacks, type Callback } from '../callbacks/callbacks.ts';
import { epochNow } from '../util/clock.ts';

export interface ResourceSample {
  readonly time: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly cpu: number;
}

export interface ResourceProfilerOptions {
  /** Sampling interval in milliseconds. @default 100 */
  dt?: number;
}

const schema = z.strictObject({ dt: z.number().positive().finite().default(100) });

export class ResourceProfiler implements Callback {
  readonly results: ResourceSample[] = [];
  readonly dt: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastCpu: NodeJS.CpuUsage | undefined;
  private lastTime = 0;

  constructor(options: ResourceProfilerOptions = {}) {
    this.dt = parseOptions('ResourceProfiler', schema, options).dt;
  }

  register(): Disposable & { unregister(): void } {
    return registerCallbacks(this);
  }

  /** Take one sample now. */
  sample(): ResourceSample {
    const t = epochNow();
    const m = process.memoryUsage();
    const cpu = process.cpuUsage();
    let pct = 0;
    if (this.lastCpu && t > this.lastTime) {
      const usedUs = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system);
      pct = (usedUs / 1000 / (t - this.lastTime)) * 100;
    }
    this.lastCpu = cpu;
    this.lastTime = t;
    const s: ResourceSample = { time: t, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, cpu: pct };
    this.results.push(s);
    return s;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.lastCpu = undefined;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.dt);
    this.timer.unref();
  }

  finish(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
  }

  /** Largest value of each memory field, and of cpu, over the samples. */
  peak(): Omit<ResourceSample, 'time'> {
    const p = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, cpu: 0 };
    for (const s of this.results) for (const k of Object.keys(p) as (keyof typeof p)[]) p[k] = Math.max(p[k], s[k]);
    return p;
  }

  clear(): void {
    this.results.length = 0;
  }
}
