/**
 * Encoding a batch of tasks as one worker message (`worker/protocol.ts`).
 *
 * For each member, in order: its steps without functions (an index into the batch's op table,
 * the wire-encoded argument template, the ref mode), and its dependencies as codes — a member
 * earlier in the batch by position, or an external input. Each external result is encoded and
 * sent once per batch however many members use it. A member's result is flagged to come back
 * when it is an output or when some dependent is not in this batch (another batch, a later one,
 * or a main-thread task).
 *
 * The modules of the wire codecs used to encode arguments and inputs go with the message, so a
 * worker loads exactly those (never a module named by the data). An argument or input the
 * encoder refuses (a function, a value nested too deep) throws an `EncodeError` naming the
 * member (and step) it belongs to, so that task fails before anything is sent.
 *
 * Scratch arrays indexed by task id (owned by the dispatcher) make this O(members + edges)
 * without Maps: `batchOf[id]` is the serial of the batch holding `id`, `local[id]` its position.
 */
import type { OpRef } from 'dusk-graph';
import { encodeWire } from 'dusk-graph/internal';
import type { RunPort } from '../loop/types.ts';
import type { BatchMessage, WireStep } from '../worker/protocol.ts';

export interface BatchScratch {
  readonly batchOf: Int32Array;
  readonly local: Int32Array;
  readonly inputOf: Int32Array;
  readonly inputStamp: Int32Array;
}

/** Member `index` (step `step`, -1 for an input) of a batch has a value that cannot cross threads. */
export class EncodeError extends Error {
  constructor(readonly index: number, readonly step: number, override readonly cause: unknown) {
    super(`batch member ${index} cannot be encoded`, { cause });
  }
}

function encodeFor(value: unknown, codecs: Set<string>, index: number, step: number): unknown {
  try {
    return encodeWire(value, codecs);
  } catch (e) {
    throw new EncodeError(index, step, e);
  }
}

export function encodeBatch(
  run: RunPort, members: readonly number[], s: BatchScratch, control: Int32Array, slot: number, deadlineMs: number, epoch: number,
): BatchMessage {
  const { batchOf, local, inputOf, inputStamp } = s;
  const { depStart, depIds, dStart, dIds, keep, results } = run;
  const m = members.length;
  const b = batchOf[members[0]!]!;
  const ops: OpRef[] = [];
  const opIndex = new Map<OpRef, number>();
  const tasks = new Array<WireStep[]>(m);
  const start = new Int32Array(m + 1);
  for (let j = 0; j < m; j++) {
    const x = members[j]!;
    local[x] = j;
    start[j + 1] = start[j]! + depStart[x + 1]! - depStart[x]!;
  }
  const codes = new Int32Array(start[m]!);
  const inputs: unknown[] = [];
  const ret = new Uint8Array(m);
  const codecs = new Set<string>();
  for (let j = 0; j < m; j++) {
    const x = members[j]!;
    const steps = run.tasks[x]!.steps;
    const wire = new Array<WireStep>(steps.length);
    for (let k = 0; k < steps.length; k++) {
      const st = steps[k]!;
      let op = -1;
      if (st.op !== undefined) {
        op = opIndex.get(st.op) ?? -1;
        if (op < 0) opIndex.set(st.op, (op = ops.push(st.op) - 1));
      }
      wire[k] = [op, encodeFor(st.args, codecs, j, k) as unknown[], st.refMode];
    }
    tasks[j] = wire;
    let c = start[j]!;
    for (let e = depStart[x]!; e < depStart[x + 1]!; e++) {
      const p = depIds[e]!;
      if (batchOf[p] === b) codes[c++] = local[p]!;
      else {
        if (inputStamp[p] !== b) {
          inputStamp[p] = b;
          inputOf[p] = inputs.push(encodeFor(results[p], codecs, j, -1)) - 1;
        }
        codes[c++] = -1 - inputOf[p]!;
      }
    }
    let out = keep[x] === 1;
    for (let e = dStart[x]!; !out && e < dStart[x + 1]!; e++) out = batchOf[dIds[e]!] !== b;
    ret[j] = out ? 1 : 0;
  }
  return { kind: 'batch', ops, codecs: [...codecs], tasks, depStart: start, depCodes: codes, inputs, ret, control, slot, measureBytes: run.measureBytes, deadlineMs, epoch };
}
