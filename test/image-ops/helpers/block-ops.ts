/**
 * Worker ops for chunked-writer tests. `holdOrFail` makes a compute fail while another block is
 * still running on a worker, deterministically and without sleeps:
 * - the block whose first element is `failAt` waits until some other block has started, then
 *   throws;
 * - every other block counts itself started, waits until the test releases the gate, then counts
 *   itself finished.
 * The waits have generous bounds only so that a broken scheduler fails the test instead of
 * hanging it.
 */
import { defineOps } from 'dusk-graph';
import type { NDArray } from 'dusk-image-ops';

/** The gate's slots: `RELEASED` 0 = hold / 1 = go; `STARTED` and `FINISHED` count held blocks. */
export const RELEASED = 0, STARTED = 1, FINISHED = 2;

function holdOrFail(block: NDArray, p: { failAt: number; gate: Int32Array }): NDArray {
  const { gate } = p;
  if (block.get(...block.shape.map(() => 0)) === p.failAt) {
    Atomics.wait(gate, STARTED, 0, 20_000);
    throw new Error('bad block');
  }
  Atomics.add(gate, STARTED, 1);
  Atomics.notify(gate, STARTED);
  Atomics.wait(gate, RELEASED, 0, 20_000);
  Atomics.add(gate, FINISHED, 1);
  return block.copy();
}

export const blockOps = defineOps(import.meta.url, { holdOrFail });
