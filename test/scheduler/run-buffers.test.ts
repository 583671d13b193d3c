/**
 * The run's buffer accounting (`loop/buffers.ts`) on its own: which buffers go back to the pool
 * and exactly when. The end-to-end cases are in test/image-ops/buffer-pool.test.ts; these pin the
 * orderings a real run rarely hits, such as a worker's reply finishing a task that drops a
 * result before the task whose result aliases it is stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Step, Task } from 'dusk-graph';
import { clearPool, poolStats } from 'dusk-graph/internal';
import { RunBuffers } from 'dusk-scheduler/testing';

const literal: Step = { fn: undefined, op: undefined, name: 'literal', args: [], refMode: 0, cheap: false };
const userFn: Step = { ...literal, fn: (a: unknown) => a, name: 'keep' };
const task = (steps: Step[]): Task => ({ key: 'k', name: 'k', steps });
/** Tasks 0–3 keep nothing; task 4 runs a user function (may keep its inputs). */
const tasks = [task([literal]), task([literal]), task([literal]), task([literal]), task([userFn])];
const big = () => new SharedArrayBuffer(2 ** 21);
const pooled = () => poolStats().pooled;

afterEach(() => clearPool());

function run(): RunBuffers {
  return RunBuffers.for(tasks, [])!;
}

describe('a run gives buffers back to the pool', () => {
  it('only when the last stored result reaching a buffer is dropped', () => {
    const r = run(), b = big();
    r.adopt([b]);
    r.stored(0, { data: new Float64Array(b) });
    r.stored(1, new Uint8Array(b, 8, 16)); // a view of the same memory
    const before = pooled();
    r.released(0);
    expect(pooled()).toBe(before);
    r.released(1);
    expect(pooled()).toBe(before + 1);
  });

  it("counts a worker's alias before any task of its reply finishes", () => {
    // Result 0 (on this thread, buffer b) is the input of a batch whose task 1 consumes it and
    // whose task 2 returns it again: the reply arrives with a new object for b and says so.
    const r = run(), b = big();
    r.adopt([b]);
    r.stored(0, new Float64Array(b));
    const before = pooled();
    r.alias(2, [0]);
    r.released(0); // task 1 finished first: result 0 had no other consumer
    expect(pooled()).toBe(before);
    r.stored(2, new Float64Array(new SharedArrayBuffer(8))); // the new object is not b
    expect(pooled()).toBe(before);
    r.released(2);
    expect(pooled()).toBe(before + 1);
  });

  it('never gives back what a task that may keep its inputs was given', () => {
    const r = run(), b = big();
    r.adopt([b]);
    r.stored(0, new Float64Array(b));
    r.starting(4, [new Float64Array(b)]);
    const before = pooled();
    r.released(0);
    expect(pooled()).toBe(before);
  });

  it('never gives back a buffer no task of the run made, and nothing once the run is closed', () => {
    const r = run(), mine = big(), theirs = big();
    r.adopt([mine]);
    r.stored(0, [new Float64Array(mine), new Float64Array(theirs)]);
    r.stored(1, new Float64Array(mine));
    const before = pooled();
    r.released(0);
    r.close();
    r.released(1);
    expect(pooled()).toBe(before);
  });

  it('is off when a posttask callback may keep results', () => {
    expect(RunBuffers.for(tasks, [{ posttask() {} }])).toBeUndefined();
    expect(RunBuffers.for(tasks, [{ posttask() {}, keepsResults: false }])).toBeDefined();
  });
});
