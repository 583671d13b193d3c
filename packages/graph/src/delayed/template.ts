/**
 * Argument templates: find the `Delayed`s (or `ref(key)`s of a low-level spec) inside a call's
 * arguments and replace them by `TaskRef`s.
 *
 * Dependencies may sit at any depth of arrays, plain objects and Maps (the containers of
 * `core/walk.ts`; as in Dask, which walks lists, tuples and dicts); class instances, typed arrays
 * and functions are taken as opaque values (except an attribute of a `Delayed`, `d.slice`, which
 * is a callable `Delayed`). The walk copies only the containers that hold a `Delayed`, dedupes
 * dependencies by key (two handles on one pure task are one dependency), and reports how deep
 * references go so that rebuilding arguments at run time can skip the walk when it can
 * (`RefMode`).
 */
import type { RefMode } from '../core/task.ts';
import { refTo, type TaskRef } from '../core/taskref.ts';
import { mapChildren } from '../core/walk.ts';

/** Anything that names a task: a `Delayed`, or a `ref(key)` in a low-level spec. */
export interface KeyedNode {
  readonly key: string;
}

export interface Template<D extends KeyedNode> {
  readonly args: unknown[];
  readonly refMode: RefMode;
  readonly deps: D[];
}

const LINEAR_LIMIT = 8;

class DepSet<D extends KeyedNode> {
  readonly deps: D[] = [];
  private index: Map<string, number> | undefined;

  readonly isDelayed: (v: unknown) => v is D;

  constructor(isDelayed: (v: unknown) => v is D) {
    this.isDelayed = isDelayed;
  }

  ref(d: D): TaskRef {
    const deps = this.deps;
    let i = -1;
    if (this.index) i = this.index.get(d.key) ?? -1;
    else for (let j = 0; j < deps.length; j++) if (deps[j] === d || deps[j]!.key === d.key) { i = j; break; }
    if (i < 0) {
      i = deps.length;
      deps.push(d);
      if (this.index) this.index.set(d.key, i);
      else if (deps.length > LINEAR_LIMIT) this.index = new Map(deps.map((x, k) => [x.key, k]));
    }
    return refTo(i);
  }
}

const NO_DEPS: never[] = [];


/** `x` with every nested Delayed replaced by a TaskRef (same object when it holds none). */
function walk<D extends KeyedNode>(x: unknown, deps: DepSet<D>): unknown {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return x;
  if (deps.isDelayed(x)) return deps.ref(x);
  return typeof x === 'object' ? mapChildren(x, walk, deps) : x;
}

/** Build the template of a call's argument list. */
export function makeTemplate<D extends KeyedNode>(args: readonly unknown[], isDelayed: (v: unknown) => v is D): Template<D> {
  let deps: DepSet<D> | undefined;
  let refMode: RefMode = 0;
  let out: unknown[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === null || (typeof a !== 'object' && typeof a !== 'function')) continue;
    if (isDelayed(a)) {
      (out ??= args.slice())[i] = (deps ??= new DepSet<D>(isDelayed)).ref(a);
      if (refMode === 0) refMode = 1;
      continue;
    }
    if (typeof a === 'function') continue;
    const w = walk(a, (deps ??= new DepSet<D>(isDelayed)));
    if (w !== a) {
      (out ??= args.slice())[i] = w;
      refMode = 2;
    }
  }
  return { args: out ?? (args as unknown[]), refMode, deps: deps?.deps ?? (NO_DEPS as D[]) };
}
