/**
 * Buffers allocated during a task: which died with it (back to the pool at once) and which its
 * result carries out (handed to the scheduler, which tracks them until that result dies).
 *
 * `sharedBuffer` is how a data library allocates large shared memory (`dusk-image-ops`'
 * `allocate`): from this thread's pool when it has a buffer of the size, else fresh. While a
 * task runs (`runTask`'s task scope, `core/scope.ts`), every such buffer is recorded for it.
 * When the task ends synchronously, not nested in another task, and no step of it may retain
 * what it saw (`retains.ts`):
 * - the buffers its result does not reach (`walk.ts`) died inside it — the values a task makes
 *   between its steps are private to it — and go back to the pool;
 * - between two steps of a merged task (`step`), the buffers that no value a later step reads
 *   reaches died the same way, and go back at once: a chain's third step can reuse its first
 *   step's output;
 * - the ones its result reaches are its *survivors*: the caller (the scheduling loop, a worker
 *   running a batch) takes them with `takeTaskBuffers()` right after `runTask` returns and
 *   tracks them (`ledger.ts`); a caller that does not simply leaves them to the garbage collector.
 * A task that may retain, nests, throws or turns asynchronous yields nothing: its buffers are
 * never reused. A reused buffer is zeroed first, as a new one would be, unless the allocation
 * asked for unzeroed memory (for outputs whose every element is written).
 *
 * The hook is installed at the first allocation of a pooled size (never with `DUSK_BUFFER_POOL=0`).
 *
 * State (per thread): whether the hook is installed, the nesting depth, the outermost task and the buffers allocated during it,
 * the survivors of the task that ended last, and an optional list receiving every size allocated
 * (a worker reports them so the main thread knows what to ship with its next batches).
 */
import { setTaskScopeHook, type TaskScopeHook } from '../core/scope.ts';
import type { Task } from '../core/task.ts';
import { giveBuffer, MIN_BYTES, poolEnabled, takeFree } from './pool.ts';
import { taskRetains } from './retains.ts';
import { buffersOf } from './walk.ts';

let depth = 0;
let current: Task | undefined;
let nested = false;
const allocated: SharedArrayBuffer[] = [];
let survivors: SharedArrayBuffer[] | undefined;
let sizes: number[] | undefined;

/**
 * A shared buffer of exactly `bytes`: from the pool when it has one (cleared when `zeroed`), else
 * new (zeroed). Buffers of at least `MIN_BYTES` are recorded for the running task.
 */
export function sharedBuffer(bytes: number, zeroed: boolean): SharedArrayBuffer {
  if (bytes < MIN_BYTES) return new SharedArrayBuffer(bytes);
  if (!installed && poolEnabled) install();
  let buffer = takeFree(bytes);
  if (buffer === undefined) buffer = new SharedArrayBuffer(bytes);
  else if (zeroed) zeroFill(buffer);
  if (depth > 0) allocated.push(buffer);
  sizes?.push(bytes);
  return buffer;
}

/**
 * Clear `buffer`. `fill` on a shared buffer stores element by element (relaxed atomics), so the
 * widest element is 8× faster than bytes (8 MB: 0.26 ms as float64, 2 ms as uint8).
 */
function zeroFill(buffer: SharedArrayBuffer): void {
  const words = buffer.byteLength >>> 3;
  new Float64Array(buffer, 0, words).fill(0);
  new Uint8Array(buffer, words << 3).fill(0);
}

/** Record the byte length of every pooled-size allocation into `list` from now on (undefined: stop). */
export function recordAllocationSizes(list: number[] | undefined): void {
  sizes = list;
}

/** The buffers allocated by the task that just ended which its result reaches; undefined when none may be reused. */
export function takeTaskBuffers(): SharedArrayBuffer[] | undefined {
  const s = survivors;
  survivors = undefined;
  return s;
}

function finish(result: unknown): void {
  if (allocated.length === 0 || nested || taskRetains(current!)) return;
  const live = buffersOf(result);
  if (live === undefined) return;
  const out: SharedArrayBuffer[] = [];
  for (const b of allocated) {
    if (live.has(b)) out.push(b);
    else giveBuffer(b);
  }
  if (out.length > 0) survivors = out;
}

/**
 * Install the task-scope hook, at the first pooled-size allocation: a process that never
 * allocates a large shared buffer (a graph of small values) keeps `runTask` on its path without
 * hooks. The task running at that moment is not tracked (it began before the hook existed).
 */
let installed = false;
function install(): void {
  installed = true;
  setTaskScopeHook(hook);
}

const hook: TaskScopeHook = {
  begin(task: Task) {
    if (++depth === 1) {
      current = task;
      nested = false;
      allocated.length = 0;
      survivors = undefined;
    } else {
      nested = true; // a task running tasks: its own steps are not all we can see
    }
  },
  end(result: unknown) {
    if (--depth > 0) return;
    finish(result);
    allocated.length = 0;
    current = undefined;
  },
  step(live: readonly unknown[]) {
    if (depth !== 1 || nested || allocated.length === 0 || taskRetains(current!)) return;
    const reached = buffersOf(live);
    if (reached === undefined) return;
    let kept = 0;
    for (const b of allocated) {
      if (reached.has(b)) allocated[kept++] = b;
      else giveBuffer(b);
    }
    allocated.length = kept;
  },
  abandon() {
    if (--depth > 0) {
      nested = true; // the outer task cannot be judged either
      return;
    }
    allocated.length = 0;
    current = undefined;
  },
};
