/**
 * How much work one batch may carry (`threads.ts` builds batches with these numbers).
 *
 * Measured on the tutorial pipeline with tiny images (3000 × 40², 5 worker tasks of ~40 µs per
 * image; issue 16): besides its tasks, a batch costs its worker ~0.5–1 ms of CPU (piscina's
 * message handling, decoding the message, posting the reply) and wakes the main thread once,
 * which then takes a core from a worker to read the reply and send the next batch. With 5 ms
 * batches the process spent ~25 % more CPU than the serial loop (main thread, workers and V8's
 * helper threads together); with 20 ms batches about the same as the serial loop. So:
 *
 * - `fillUs`: the work a batch of short tasks is filled up to: at least `FILL_US`, or exactly
 *   `batchUs` when the user set `batchMs`. Which tasks count as short (below `batchUs`), medium
 *   or long stays measured against `batchUs`, so long tasks still go alone to idle workers.
 *   At the end of a run batches shrink anyway: a batch takes no more than its share of the
 *   ready tasks (`threads.ts`).
 * - `chainCapUs`: a task of `batchUs` or more takes its continuations (its dependents whose every
 *   input is in the batch: the rest of an image's chain) up to as much work again as itself, or
 *   `FILL_US` when that is more, when other ready tasks can keep the other workers busy
 *   (`threads` without the user's `batchMs`). One message per image instead of one per step, and
 *   the intermediates stay on the worker. The `FILL_US` floor is for images whose first step is
 *   not much longer than `batchUs`: on 50 × 512² on a busy core (load measured 10–19 ms, then
 *   steps stretched unevenly) twice the load often cut the chain before its last step, whose
 *   input then went to the main thread and out again in another batch (42–103 batches per run
 *   instead of 52, one per image).
 * - `deadlineMs`: a batch that runs past `OVERRUN` times its estimated work (at least `batchUs`;
 *   a task of unknown duration counts as `batchUs`) hands its remaining tasks back: the
 *   estimates were too low. Not 2×: on a busy machine a 20 ms batch often takes 40–100 ms of
 *   wall time (its worker waits for a core, and the estimates leave out the worker's own time
 *   between tasks), and each hand-back costs a round trip and sends intermediates back.
 */

/** Least estimated work a batch of short tasks is filled to, µs (unless the user set `batchMs`). */
export const FILL_US = 20_000;

/** The work (µs) to fill a batch of short tasks up to; `byDefault` false: `batchUs` is the user's `batchMs`, kept. */
export function fillUs(batchUs: number, byDefault: boolean): number {
  return byDefault ? Math.max(batchUs, FILL_US) : batchUs;
}

/**
 * Total estimated work (µs) a batch starting with a task of `firstUs` (≥ `batchUs`) may reach with
 * its continuations: `firstUs` alone when the other workers would have nothing else to do.
 */
export function chainCapUs(firstUs: number, otherReady: number, workers: number): number {
  return otherReady >= workers ? firstUs + Math.max(firstUs, FILL_US) : firstUs;
}

/** How many times its estimated work a batch may take before it hands the rest back. */
export const OVERRUN = 4;

/** Milliseconds after which a batch of `estimatedUs` of work hands the rest back. */
export function deadlineMs(estimatedUs: number, batchUs: number): number {
  return (OVERRUN * (Number.isFinite(estimatedUs) ? Math.max(estimatedUs, batchUs) : batchUs)) / 1000 + 1;
}
