/**
 * Duration estimates per task name (`executors/estimates.ts`): one slow sample — a garbage
 * collection striking an inline run — moves an estimate only so far, and a name that runs inline
 * keeps running inline until its estimate clearly exceeds the threshold, so a cheap op does not
 * flip between the main thread and the workers.
 */
import { describe, expect, it } from 'vitest';
import { compute, createPool, delayed, Estimate, Profiler } from 'dusk-scheduler';
import { HYSTERESIS, SPIKE, SPIKE_FLOOR_US } from 'dusk-scheduler/testing';
import { libraryOps } from './fixtures/library-ops.ts';

const sampled = (...us: number[]) => {
  const e = new Estimate();
  for (const x of us) e.add(x);
  return e;
};

describe('duration estimates', () => {
  it('follows the first samples as they come, then bounds what one sample can add', () => {
    expect(sampled(2, 4000).mean).toBe(2001); // the second of 16 window samples: a plain mean
    const steady = sampled(...Array.from({ length: 16 }, () => 2));
    steady.add(5000);
    expect(steady.mean).toBeCloseTo(2 + (2 * SPIKE + SPIKE_FLOOR_US - 2) / 16, 10);
  });

  it('still follows a lasting change of cost within a few samples', () => {
    const e = sampled(...Array.from({ length: 16 }, () => 2));
    for (let i = 0; i < 40; i++) e.add(10_000);
    expect(e.mean).toBeGreaterThan(5_000);
  });

  it('starts running inline below the threshold and stops only well above it', () => {
    const e = sampled(...Array.from({ length: 16 }, () => 3));
    expect(e.runsInline(2)).toBe(false); // 3 µs is not below 2
    for (let i = 0; i < 40; i++) e.add(1.5);
    expect(e.runsInline(2)).toBe(true);
    for (let i = 0; i < 40; i++) e.add(2.5); // near the threshold: stays inline
    expect(e.runsInline(2)).toBe(true);
    for (let i = 0; i < 60; i++) e.add(HYSTERESIS * 2 * 3);
    expect(e.runsInline(2)).toBe(false);
    expect(new Estimate().runsInline(2)).toBe(false); // nothing measured yet
  });

  it('keeps a cheap op inline through one slow call instead of sending the next ones to workers', async () => {
    const pool = createPool({ workers: 2 });
    try {
      const opts = { pool, inlineBelowUs: 50 };
      await compute(Array.from({ length: 300 }, (_, i) => delayed(libraryOps.slowAt)(i, -1, 0)), opts); // learns: cheap
      const prof = new Profiler({ bytes: false });
      // task 1100 busy-waits 3 ms on the main thread, as a collection pause would
      await compute(Array.from({ length: 600 }, (_, i) => delayed(libraryOps.slowAt)(i + 1000, 1100, 3)), { ...opts, callbacks: [prof] });
      expect(prof.results.length).toBe(600);
      expect(prof.results.filter((r) => r.thread !== 0).length).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
