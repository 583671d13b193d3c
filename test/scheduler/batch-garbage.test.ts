/**
 * What a worker's batch machinery allocates per task, besides the op itself: a batch of 2 000
 * chained one-step tasks run by the worker's handler in this thread, counted with V8's sampling
 * heap profiler. On tiny images this per-task garbage, with the ops', sets how often each
 * worker's young generation is scavenged (a closure, a dependency array and a scope per task
 * were ~810 B here on Node 20; ~640–690 B now). Node 24's V8 allocates about twice as much for
 * the same handler (~1 390 B per task now), so its bound is its own.
 */
import { describe, expect, it } from 'vitest';
import { encodeWire, opRef, TaskRef } from 'dusk-graph/internal';
import { newControl, type BatchMessage } from 'dusk-scheduler';
import { handleWorkerMessage } from 'dusk-scheduler/testing';
import { ops } from './fixtures/ops.ts';
import { sampleAllocations, totalBytes } from '../helpers/index.ts';

const N = 2000;
/**
 * Bytes per task the handler may allocate: Node 20 — between the old code's ~810 and the 625–690
 * measured alone (726 once, under the full suite's load: the sample counts vary with the engine's
 * state) —, newer engines (see the header).
 */
const BOUND = Number(process.versions.node.split('.')[0]) <= 20 ? 770 : 1600;

/** Task 0 is inc(1); task j > 0 is inc(result of task j - 1). Only the last result goes back. */
function chain(): BatchMessage {
  const depStart = new Int32Array(N + 1);
  const codes = new Int32Array(N - 1);
  for (let j = 1; j < N; j++) {
    codes[j - 1] = j - 1;
    depStart[j + 1] = j;
  }
  const ret = new Uint8Array(N);
  ret[N - 1] = 1;
  const ref = encodeWire([new TaskRef(0)]) as unknown[];
  return {
    kind: 'batch', ops: [opRef(ops.inc)!], codecs: [], tasks: Array.from({ length: N }, (_, j) => [j === 0 ? [0, [1], 0] as const : [0, ref, 1] as const]),
    depStart, depCodes: codes, inputs: [], ret, control: newControl(1), slot: 0, measureBytes: false, deadlineMs: 60_000,
    epoch: performance.timeOrigin + performance.now(), buffers: [],
  };
}

describe("a worker's batch of tiny tasks", () => {
  it('runs a chain of 2 000 tasks to the right result', async () => {
    const reply = await handleWorkerMessage(chain());
    expect(reply.kind).toBe('done');
    if (reply.kind === 'done') expect(reply.results).toEqual([N + 1]);
  });

  it(`allocates under ${BOUND} bytes per task for its own bookkeeping (it was ~810 on Node 20)`, async () => {
    for (let i = 0; i < 10; i++) await handleWorkerMessage(chain());
    const batches = Array.from({ length: 5 }, chain);
    const profile = await sampleAllocations(async () => {
      for (const b of batches) await handleWorkerMessage(b);
    }, 256);
    expect(totalBytes(profile) / (5 * N)).toBeLessThan(BOUND);
  });
});
