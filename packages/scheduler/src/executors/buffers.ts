/**
 * Free buffers between the main thread's pool and the workers of a `threads` pool: the shipping
 * half of the process-wide buffer pool (DESIGN.md §4; the worker half is `worker/batch-buffers.ts`).
 *
 * Policy:
 * - With each batch, the main thread moves free buffers of the sizes the batch's ops allocated
 *   (learned per task name from the replies' `allocs`) out of its pool into the message: at most
 *   `MAX_SHIP_BYTES` per batch. Tasks of one name may allocate different sizes (the edge tiles of
 *   a mapOverlap are smaller than the inner ones), so a name remembers every size it was seen to
 *   allocate, as many of each as one task took, up to `MAX_SIZES` entries (the most recent kept):
 *   a batch gets one buffer of each, and what it does not use comes back with its reply. A batch
 *   of ops never seen gets none and allocates fresh; its reply teaches the sizes.
 * - A reply's `pooled` buffers (shipped ones left unused, and those that died in the batch) go
 *   back into the main thread's pool even when the run has ended (they are free either way); its
 *   `fresh` buffers go to the run (`RunPort.adoptBuffers`), which gives them back when their
 *   results die, unless the run has ended; its `aliases` (a result reaching an input's buffers)
 *   are told to the run by task id (`RunPort.aliasResult`) before the tasks are finished.
 * - A batch whose worker was lost takes its shipped buffers with it (they are garbage then).
 * - A runner whose workers are not threads of this process (`BatchRunner.sharesMemory` not true:
 *   `distributed`) gets nothing: a buffer would be copied, not moved.
 *
 * State (per process, `shipping`): per task name, the byte lengths its tasks were seen to allocate
 * (kept across runs, at most `MAX_NAMES` names).
 */
import { giveBuffer, takeFreeFor } from 'dusk-graph/internal';
import type { BatchReply } from '../worker/protocol.ts';
import type { RunPort } from '../loop/types.ts';

/** Most bytes of free buffers shipped with one batch. */
export const MAX_SHIP_BYTES = 256 * 2 ** 20;
/** Most task names remembered. */
const MAX_NAMES = 10_000;
/** Most byte lengths remembered per task name. */
const MAX_SIZES = 8;

export class BufferShipping {
  private readonly demand = new Map<string, number[]>();

  /** Free buffers for a batch of `members`, moved out of the main thread's pool. */
  pick(run: RunPort, members: readonly number[]): SharedArrayBuffer[] {
    if (this.demand.size === 0) return [];
    const sizes: number[] = [];
    for (const x of members) {
      const d = this.demand.get(run.tasks[x]!.name);
      if (d !== undefined) sizes.push(...d);
    }
    return sizes.length === 0 ? [] : takeFreeFor(sizes, MAX_SHIP_BYTES);
  }

  /** A batch of `members` replied: take back its free buffers, hand its fresh ones to the run, learn its sizes. */
  back(run: RunPort, members: readonly number[], reply: BatchReply): void {
    if (reply.pooled) for (const b of reply.pooled) giveBuffer(b);
    if (run.closed) return;
    run.adoptBuffers(reply.fresh);
    const aliases = reply.aliases;
    if (aliases !== undefined && aliases.length > 0) {
      const ids = inputIds(run, members);
      const of = new Map<number, number[]>();
      for (let k = 0; k < aliases.length; k += 2) {
        const x = members[aliases[k]!]!;
        const list = of.get(x);
        if (list === undefined) of.set(x, [ids[aliases[k + 1]!]!]);
        else list.push(ids[aliases[k + 1]!]!);
      }
      for (const [x, list] of of) run.aliasResult(x, list);
    }
    const allocs = reply.allocs;
    if (allocs === undefined) return;
    // The sizes of the first task of each name in the batch (its siblings of that name allocate the same).
    const learned = new Map<string, { j: number; sizes: number[] }>();
    for (let k = 0; k < allocs.length; k += 2) {
      const j = allocs[k]!;
      const name = run.tasks[members[j]!]!.name;
      let entry = learned.get(name);
      if (entry === undefined) learned.set(name, (entry = { j, sizes: [] }));
      if (entry.j === j) entry.sizes.push(allocs[k + 1]!);
    }
    for (const [name, { sizes }] of learned) {
      const known = this.demand.get(name);
      if (known === undefined && this.demand.size >= MAX_NAMES) break;
      this.demand.set(name, known === undefined ? sizes : mergeSizes(sizes, known));
    }
  }
}

/** The task ids of a batch's inputs, in the order `encodeBatch` numbered them (first use by a member). */
function inputIds(run: RunPort, members: readonly number[]): number[] {
  const inBatch = new Set(members);
  const seen = new Set<number>();
  const ids: number[] = [];
  for (const x of members) {
    for (let e = run.depStart[x]!; e < run.depStart[x + 1]!; e++) {
      const p = run.depIds[e]!;
      if (inBatch.has(p) || seen.has(p)) continue;
      seen.add(p);
      ids.push(p);
    }
  }
  return ids;
}

/** The process's shipping state (task names mean the same in every run). */
export const shipping = new BufferShipping();

/**
 * `latest` with the sizes of `known` it lacks (as many of each as either list holds), the newest
 * first, at most `MAX_SIZES` entries.
 */
export function mergeSizes(latest: readonly number[], known: readonly number[]): number[] {
  const out = [...latest];
  for (const s of known) {
    if (out.length >= MAX_SIZES) break;
    if (count(out, s) < count(known, s)) out.push(s);
  }
  return out.slice(0, MAX_SIZES);
}

function count(list: readonly number[], s: number): number {
  let n = 0;
  for (const x of list) if (x === s) n++;
  return n;
}
