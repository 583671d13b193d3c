/**
 * How far ahead of its front a run may start new inputs: a window in `order()` positions, widened
 * by what the held intermediates weigh (`RunState.tooFarAhead`).
 *
 * The window exists to bound memory: when a branch's tail is a bottleneck (a serial reduction, a
 * slow writer), new inputs loaded far ahead of it pile up as live results. A count of positions
 * bounds the *number* of those results, not their weight, and it also stopped runs whose results
 * weigh nothing: on the tutorial pipeline with 3000 images of 40² (six ~30 µs tasks per image,
 * batches of ~37 images), 512 positions left room for two or three batches in flight, so one of
 * the two workers sat idle 30–40 % of the run waiting for the other's batch to move the front
 * (threads 0.9–1.1× the serial loop; with no window 1.24–1.48×, both workers busy; issue 16).
 *
 * So the bound is in bytes: a root task more than `window` positions ahead waits only while the
 * intermediates held on the main thread weigh `lookaheadBytes` or more. Each held result counts
 * its array data (`bytesOf`: typed arrays and (Shared)ArrayBuffers it reaches) plus
 * `RESULT_OVERHEAD_BYTES` for the object itself, so a flood of tiny results is bounded too
 * (64 MB / 256 B: ~260 000 results). Outputs are not counted: they are kept to the end whatever
 * the run does, so looking ahead cannot change what they weigh. Within `window` positions a
 * root always starts (the old rule, which keeps enough work in flight when results are large).
 *
 * An executor turns the byte rule on by setting `RunPort.lookaheadBytes` (`threads` does, with
 * `LOOKAHEAD_BYTES`); at 0 the count window alone applies (`distributed`, whose results may be
 * references to data elsewhere that weigh nothing here).
 *
 * State: the budget `threads` uses, which tests may lower (`setLookaheadBytes`, testing only).
 */
import { bytesOf } from '../util/bytes.ts';

/** What one held result costs besides its array data (object headers, a small array or string). */
export const RESULT_OVERHEAD_BYTES = 256;

/** Intermediate bytes a `threads` run may hold before roots beyond its window wait. */
export const LOOKAHEAD_BYTES = 64 * 1024 * 1024;

let budget = LOOKAHEAD_BYTES;

/** The look-ahead budget of new `threads` runs, in bytes. */
export function lookaheadBytes(): number {
  return budget;
}

/** Tests: use `bytes` as the budget of new runs; the returned function restores the previous one. */
export function setLookaheadBytes(bytes: number): () => void {
  if (!(Number.isFinite(bytes) && bytes > 0)) throw new RangeError(`setLookaheadBytes: expected a positive number of bytes, received ${bytes}`);
  const before = budget;
  budget = bytes;
  return () => void (budget = before);
}

/** What a held result counts for in the look-ahead budget. */
export function resultBytes(value: unknown): number {
  return bytesOf(value) + RESULT_OVERHEAD_BYTES;
}
