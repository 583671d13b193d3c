/**
 * This thread's pool of free SharedArrayBuffers, one part of the process-wide buffer pool.
 *
 * Fresh memory is expensive on the machines dusk runs on (a page fault ~1.5 µs, up to 6× more
 * after a stretch of freeing and re-faulting; DESIGN.md §4), and JavaScript cannot ask for huge
 * pages, so large buffers that nothing can read any more are kept and handed to the next
 * allocation of the same byte length (the size class), on any thread.
 *
 * Policy:
 * - Only SharedArrayBuffers of at least `MIN_BYTES` are pooled; at most `MAX_POOL_BYTES` per
 *   thread (the oldest size class gives way), and a thread that has neither taken nor given a
 *   buffer for `IDLE_MS` drops its pool (the timer is unref'd: an idle process exits, and its
 *   memory goes back to the system when the garbage collector runs).
 * - A buffer is in exactly one place at a time: in one thread's pool, in a batch message on its
 *   way to a worker, in a worker's reply on its way back, or in use. `takeFree` and `drainFree`
 *   remove what they return, so a buffer handed on (to `allocate`, or to another thread) is no
 *   longer here; `giveBuffer` is called only by whoever proved it dead (`tasks.ts` for buffers
 *   that died inside a task, `ledger.ts` for results the scheduler dropped) or received it free
 *   from another thread.
 * - The main thread's pool serves the main thread and is shipped to workers with their batches
 *   (dusk-scheduler, `executors/buffers.ts`); a worker gives back everything free in its pool
 *   with each reply, so between batches it holds nothing.
 * - `DUSK_BUFFER_POOL=0` in the environment turns pooling off (for measurements): nothing is
 *   kept, every allocation is fresh.
 *
 * State (per thread): the free lists by byte length, their total, the idle timer, counters.
 */

/** Buffers smaller than this are not pooled (their faults are few, the bookkeeping is not). */
export const MIN_BYTES = 1 << 20;
/** Most bytes one thread's pool holds. */
export const MAX_POOL_BYTES = 512 * 2 ** 20;
/** A thread that has not used its pool for this long drops it. */
export const IDLE_MS = 2000;

/** False when `DUSK_BUFFER_POOL=0`: no buffer is ever kept. */
export const poolEnabled = process.env.DUSK_BUFFER_POOL !== '0';

const free = new Map<number, SharedArrayBuffer[]>();
let freeBytes = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const stats = { reused: 0, pooled: 0, shipped: 0 };

function armIdleTimer(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = freeBytes > 0 ? setTimeout(clearPool, IDLE_MS) : undefined;
  idleTimer?.unref();
}

/** Put a buffer nothing can read any more into this thread's pool. */
export function giveBuffer(buffer: SharedArrayBuffer): void {
  const n = buffer.byteLength;
  if (!poolEnabled || n < MIN_BYTES || n > MAX_POOL_BYTES) return;
  while (freeBytes + n > MAX_POOL_BYTES) {
    const [size, list] = free.entries().next().value as [number, SharedArrayBuffer[]];
    list.shift();
    freeBytes -= size;
    if (list.length === 0) free.delete(size);
  }
  const list = free.get(n);
  if (list === undefined) free.set(n, [buffer]);
  else list.push(buffer);
  freeBytes += n;
  stats.pooled++;
  armIdleTimer();
}

/** A free buffer of exactly `bytes`, removed from the pool; undefined when there is none. */
export function takeFree(bytes: number): SharedArrayBuffer | undefined {
  const list = free.get(bytes);
  if (list === undefined) return undefined;
  const b = list.pop()!;
  if (list.length === 0) free.delete(bytes);
  freeBytes -= bytes;
  stats.reused++;
  armIdleTimer();
  return b;
}

/** Free buffers for these byte lengths (one per entry, as far as the pool has them), removed from the pool. */
export function takeFreeFor(sizes: readonly number[], maxBytes: number): SharedArrayBuffer[] {
  const out: SharedArrayBuffer[] = [];
  let total = 0;
  for (const s of sizes) {
    if (total + s > maxBytes) break;
    const list = free.get(s);
    if (list === undefined) continue;
    out.push(list.pop()!);
    if (list.length === 0) free.delete(s);
    freeBytes -= s;
    total += s;
    stats.shipped++;
  }
  if (out.length > 0) armIdleTimer();
  return out;
}

/** Every free buffer, removed from the pool (a worker hands them back with its reply). */
export function drainFree(): SharedArrayBuffer[] {
  const out: SharedArrayBuffer[] = [];
  for (const list of free.values()) out.push(...list);
  free.clear();
  freeBytes = 0;
  armIdleTimer();
  return out;
}

/** Drop every pooled buffer of this thread (they are freed when the garbage collector next runs). */
export function clearPool(): void {
  free.clear();
  freeBytes = 0;
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
}

/** Counters of this thread's pool (since the process started) and the bytes it holds now. */
export interface PoolStats {
  /** Allocations served from the pool. */
  reused: number;
  /** Buffers put into the pool (died here, or given back by a worker). */
  pooled: number;
  /** Buffers moved out to other threads (`takeFreeFor`: with worker batches). */
  shipped: number;
  pooledBytes: number;
}

/** This thread's counters and the bytes its pool holds now. */
export function poolStats(): PoolStats {
  return { ...stats, pooledBytes: freeBytes };
}
