/**
 * Which free buffers of the main thread's pool go out with a batch (`executors/buffers.ts`): the
 * sizes are learned per task name from the replies, and a name whose tasks allocate different
 * sizes (a mapOverlap's edge and inner tiles) is shipped every size it was seen to allocate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchReply, RunPort } from 'dusk-scheduler';
import { BufferShipping, mergeSizes } from 'dusk-scheduler/testing';
import { clearPool, giveBuffer } from 'dusk-graph/internal';

const MB = 2 ** 20;

/** The part of a run the shipping reads: task names, and where fresh buffers and aliases go. */
function fakeRun(names: string[]): RunPort {
  return { tasks: names.map((name) => ({ name })), closed: false, adoptBuffers: () => {}, aliasResult: () => {} } as unknown as RunPort;
}

/** A reply whose task `j` allocated `bytes` (the fields the shipping reads). */
function allocated(j: number, ...bytes: number[]): BatchReply {
  return { kind: 'done', allocs: bytes.flatMap((b) => [j, b]) } as unknown as BatchReply;
}

afterEach(() => clearPool());

describe('buffer shipping', () => {
  it('remembers every size a task name allocated, as many of each as one task took, newest first', () => {
    expect(mergeSizes([2 * MB], [1 * MB])).toEqual([2 * MB, 1 * MB]);
    expect(mergeSizes([1 * MB], [1 * MB, 1 * MB])).toEqual([1 * MB, 1 * MB]);
    expect(mergeSizes([3 * MB, 3 * MB], [3 * MB])).toEqual([3 * MB, 3 * MB]);
    expect(mergeSizes([9 * MB], Array.from({ length: 20 }, (_, i) => (i + 1) * MB))).toHaveLength(8);
  });

  it('ships a batch of one name a buffer of each size that name allocated, not only the last one seen', () => {
    const run = fakeRun(['tile', 'tile']);
    const shipping = new BufferShipping();
    shipping.back(run, [0], allocated(0, 2 * MB)); // an inner tile
    shipping.back(run, [1], allocated(0, 3 * MB)); // an edge tile
    giveBuffer(new SharedArrayBuffer(2 * MB));
    giveBuffer(new SharedArrayBuffer(3 * MB));
    const shipped = shipping.pick(run, [0]).map((b) => b.byteLength).sort((a, b) => a - b);
    expect(shipped).toEqual([2 * MB, 3 * MB]);
  });

  it('ships nothing for a name it has not seen', () => {
    giveBuffer(new SharedArrayBuffer(2 * MB));
    expect(new BufferShipping().pick(fakeRun(['new']), [0])).toEqual([]);
  });
});
