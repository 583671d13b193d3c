/**
 * Buffer reuse between tasks: large shared buffers that died inside a task are kept and handed
 * to the next allocation of the same size on this thread, instead of being freed and faulted in
 * again. On the VM this project runs on, a fresh page costs ~1.5 µs to fault in and, after a
 * stretch of freeing and re-faulting, up to 6× that; a 2×2-chunk map_overlap of the seed volume
 * faulted in ~165 000 pages per run. NumPy avoids most of this with huge pages; JavaScript cannot
 * ask for them, so dusk reuses what it may.
 *
 * What may be reused (policy): a SharedArrayBuffer of at least `MIN_BYTES`, allocated by
 * `allocate` during a task (`dusk-graph`'s task scope, `core/scope.ts`) that
 * - ran synchronously to the end, not nested in another task;
 * - called only functions of this package (every step an `dusk-image-ops` op, or a literal),
 *   given no callback: they keep no reference to their inputs or outputs once they return, so
 *   the buffers a task made are referenced only by the task's values;
 * - and that its result does not reach (walked through arrays, objects, Maps, Sets and typed
 *   arrays). The task's own values between steps die with it, so such a buffer is garbage.
 * A user function anywhere in the task, an async step, an error, or a result too large to walk
 * turns reuse off for that task. A reused buffer is zeroed first, as a new one would be, unless
 * the allocation asked for unzeroed memory (`allocate`'s `zeroed` false, for outputs whose every
 * element is written).
 *
 * State (per thread): the nesting depth, the outermost task and the buffers allocated during it; the pool
 * of reusable buffers by byte length, at most `MAX_POOL_BYTES` in all, emptied when the thread
 * has not allocated for `IDLE_MS` (so idle workers hold no memory), and counters for tests.
 */
import type { Step, Task } from 'dusk-graph';
import { opRef, setTaskScopeHook } from 'dusk-graph/internal';

/** Buffers smaller than this are not tracked (their faults are few, the bookkeeping is not). */
export const MIN_BYTES = 1 << 20;
const MAX_POOL_BYTES = 512 * 2 ** 20;
const IDLE_MS = 2000;
/** A result with more nodes than this is not walked: reuse is skipped for that task. */
const MAX_WALK = 10_000;

/** URL prefix of this package's sources: ops defined under it are trusted not to retain. */
const PACKAGE_ROOT = new URL('../', import.meta.url).href;

let depth = 0;
/** The outermost running task, and whether a task ran inside it or it was abandoned. */
let current: Task | undefined;
let nested = false;
const allocated: SharedArrayBuffer[] = [];
const pool = new Map<number, SharedArrayBuffer[]>();
let pooledBytes = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const stats = { reused: 0, pooled: 0 };

/** A function among `args` or in their option objects (a callback such as thresholdLocal's `param`). */
function passesFunction(args: readonly unknown[]): boolean {
  return args.some((a) => typeof a === 'function'
    || (a !== null && typeof a === 'object' && !ArrayBuffer.isView(a) && Object.values(a).some((v) => typeof v === 'function')));
}

function isTrustedStep(step: Step): boolean {
  if (step.fn === undefined && step.op === undefined) return true;
  const ref = step.op ?? opRef(step.fn);
  return ref !== undefined && ref.module.startsWith(PACKAGE_ROOT) && !passesFunction(step.args);
}

/** Every buffer reachable from `value`, or `undefined` when the walk gives up. */
function buffersOf(value: unknown): Set<ArrayBufferLike> | undefined {
  const found = new Set<ArrayBufferLike>();
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  let visits = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (++visits > 10 * MAX_WALK) return undefined;
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) continue;
    if (typeof v === 'function') return undefined; // a closure may capture anything
    if (seen.has(v)) continue;
    if (seen.size >= MAX_WALK) return undefined;
    seen.add(v);
    if (ArrayBuffer.isView(v)) found.add(v.buffer);
    else if (v instanceof SharedArrayBuffer || v instanceof ArrayBuffer) found.add(v);
    else if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const x of Object.values(v)) stack.push(x);
  }
  return found;
}

function put(buffer: SharedArrayBuffer): void {
  const n = buffer.byteLength;
  if (n > MAX_POOL_BYTES) return;
  while (pooledBytes + n > MAX_POOL_BYTES) {
    const [size, list] = pool.entries().next().value as [number, SharedArrayBuffer[]];
    list.shift();
    pooledBytes -= size;
    if (list.length === 0) pool.delete(size);
  }
  const list = pool.get(n) ?? [];
  if (list.length === 0) pool.set(n, list);
  list.push(buffer);
  pooledBytes += n;
  stats.pooled++;
}

// The hook runs on every task, so it stays cheap unless a large buffer was allocated: the steps
// are only checked (`isTrustedStep`) at the end of a task that allocated one.
setTaskScopeHook({
  begin(task: Task) {
    if (++depth === 1) {
      current = task;
      nested = false;
      allocated.length = 0;
    } else {
      nested = true; // a task running tasks: its own steps are not all we can see
    }
  },
  end(result: unknown) {
    if (--depth > 0) return;
    try {
      if (allocated.length > 0 && !nested && current!.steps.every(isTrustedStep)) {
        const live = buffersOf(result);
        if (live) for (const b of allocated) if (!live.has(b)) put(b);
        armIdleTimer();
      }
    } catch {
      // an exotic result (a throwing getter, a revoked proxy): nothing is reused
    }
    allocated.length = 0;
    current = undefined;
  },
  abandon() {
    if (--depth > 0) {
      nested = true; // the outer task cannot be judged either
      return;
    }
    allocated.length = 0;
    current = undefined;
  },
});

function armIdleTimer(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = pooledBytes > 0 ? setTimeout(clearRecycled, IDLE_MS) : undefined;
  idleTimer?.unref?.();
}

/**
 * A shared buffer of exactly `bytes`: a reused one when the pool has one (cleared unless `zeroed`
 * is false), else a new, zeroed one. Called by `allocate` for shared buffers of at least
 * `MIN_BYTES`; records the buffer for the running task.
 */
export function sharedBuffer(bytes: number, zeroed = true): SharedArrayBuffer {
  const list = pool.get(bytes);
  let buffer: SharedArrayBuffer;
  if (list !== undefined && list.length > 0) {
    buffer = list.pop()!;
    if (list.length === 0) pool.delete(bytes);
    pooledBytes -= bytes;
    if (zeroed) new Uint8Array(buffer).fill(0);
    stats.reused++;
  } else {
    buffer = new SharedArrayBuffer(bytes);
  }
  if (depth > 0) allocated.push(buffer);
  armIdleTimer();
  return buffer;
}

/** Drop every pooled buffer (they are freed when the garbage collector next runs). */
export function clearRecycled(): void {
  pool.clear();
  pooledBytes = 0;
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
}

/** This thread's counters: buffers taken from the pool, buffers put into it, bytes held now. */
export function recycleStats(): { reused: number; pooled: number; pooledBytes: number } {
  return { ...stats, pooledBytes };
}
