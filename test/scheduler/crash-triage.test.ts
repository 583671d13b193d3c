/**
 * The crash triage (`executors/crash.ts`) when a worker is terminated because one of its replies
 * could not be read on the main thread: a worker holds up to two batches, and both may be done
 * (the one sent first can finish last, after awaiting its op modules), so the reply's number
 * (`Pool.terminated(thread).reply`) picks the batch to blame. The rejections are the ones the
 * threads dispatcher makes from the batches' progress cells; the run records what happens.
 */
import { describe, expect, it } from 'vitest';
import type { BatchRunner, RunPort } from 'dusk-scheduler';
import { BATCH_DONE, Crashes, type Rejection } from 'dusk-scheduler/testing';

const THREAD = 7;
const reason = new Error('a reply of worker 7 could not be read on the main thread');

/** A run of `n` tasks that records what the triage decides. */
function recordingRun(n: number) {
  const seen = { failed: [] as [number, unknown][], requeued: [] as number[] };
  const run = {
    n, closed: false, error: undefined,
    tasks: Array.from({ length: n }, (_, i) => ({ key: `t${i}`, name: 't', steps: [] })),
    fail: (id: number, cause: unknown) => { seen.failed.push([id, cause]); },
    requeue: (ids: readonly number[]) => { seen.requeued.push(...ids); },
    wakeUp: () => {},
  } as unknown as RunPort;
  return { run, seen };
}

/** A pool whose worker THREAD was terminated for its unreadable reply number `reply`. */
const poolAfterUnreadable = (reply: number | undefined) => ({
  workers: 1, closed: false,
  terminated: (thread: number) => (thread === THREAD ? { reason, culprit: 'reply', reply } : undefined),
}) as unknown as BatchRunner;

const done = (members: number[], reply: number): Rejection => ({
  members, task: BATCH_DONE, step: 0, thread: THREAD, reply, poolClosed: false, err: new Error('worker terminated'),
});

/** Hand the rejections of one dead worker (one error object) to a triage and wait for its verdict. */
async function triage(n: number, pool: BatchRunner, rejections: Omit<Rejection, 'err'>[]) {
  const { run, seen } = recordingRun(n);
  const crashes = new Crashes(run, pool);
  const err = new Error('worker terminated');
  for (const r of rejections) crashes.add({ ...r, err });
  await new Promise((r) => setImmediate(r));
  return seen;
}

describe('crash triage of a reply the main thread could not read', () => {
  it('blames the batch whose reply it was, though the other done batch was sent first', async () => {
    // Batch [0, 1] was sent first and finished second (reply 2); batch [2] replied first.
    const seen = await triage(3, poolAfterUnreadable(1), [done([0, 1], 2), done([2], 1)]);
    expect(seen.failed).toEqual([[2, reason]]);
  });

  it('blames neither and puts both back when the unreadable reply was another run\'s', async () => {
    const seen = await triage(3, poolAfterUnreadable(1), [done([0, 1], 2), done([2], 3)]);
    expect(seen.failed).toEqual([]);
    expect(seen.requeued.sort((a, b) => a - b)).toEqual([0, 1, 2]);
  });

  it('does not blame a done batch whose reply was not made yet (number 0)', async () => {
    const seen = await triage(2, poolAfterUnreadable(1), [done([0], 0), done([1], 1)]);
    expect(seen.failed).toEqual([[1, reason]]);
  });

  it('blames the first done batch when the runner does not number replies', async () => {
    const seen = await triage(2, poolAfterUnreadable(undefined), [done([0], 0), done([1], 0)]);
    expect(seen.failed).toEqual([[0, reason]]);
  });
});
