/**
 * TaskGraph: the graph the scheduler runs, on integer ids and typed-array adjacency.
 *
 * Tasks are numbered in a topological order (every dependency has a smaller id than its
 * dependents), which builders guarantee and optimizer passes preserve. Dependencies are stored in
 * CSR form: the deps of task `i` are `depIds[depStart[i] .. depStart[i+1])`, in the order its
 * steps' `TaskRef`s expect. Dependents (the reverse adjacency) and the key → id map are built on
 * first use; a lookup of a few keys (a compute's outputs, once per optimizer pass) scans back from
 * the last task instead, where outputs usually are, so a graph that is only asked for its outputs
 * never pays for the map (one entry per task). A graph may also carry the ids of one keys array
 * (`withKnownIds`, set by `compute` on the graph it built and carried by the optimizer passes
 * through their renumbering, `carryKnownIds`): `idsOf` of that very array then costs no lookup,
 * where a compute of many outputs (3 000 images × 3) would build the key map once per pass.
 * A 1M-task graph costs a few MB beyond the task objects (DESIGN.md §6); analysis
 * wants graphology, which `toGraphology()` provides.
 *
 * A TaskGraph is immutable: optimizer passes return new graphs that share task objects.
 */
import type { Task } from '../core/task.ts';

/** At most this many keys are looked up by scanning rather than through the key map. */
const SCAN_KEYS = 4;

export class TaskGraph {
  readonly tasks: readonly Task[];
  readonly depStart: Int32Array;
  readonly depIds: Int32Array;
  private _dependentStart: Int32Array | undefined;
  private _dependentIds: Int32Array | undefined;
  private _ids: Map<string, number> | undefined;
  /** A cache like `_ids`: the ids of one keys array, by identity of the array. */
  private _known: { readonly keys: readonly string[]; readonly ids: readonly number[] } | undefined;

  /** Trusted constructor: `depIds` of task `i` must all be smaller than `i` (builders guarantee it). */
  constructor(tasks: readonly Task[], depStart: Int32Array, depIds: Int32Array, ids?: Map<string, number>) {
    if (depStart.length !== tasks.length + 1) {
      throw new RangeError(`TaskGraph: depStart has ${depStart.length} entries for ${tasks.length} tasks`);
    }
    this.tasks = tasks;
    this.depStart = depStart;
    this.depIds = depIds;
    this._ids = ids;
  }

  get size(): number {
    return this.tasks.length;
  }

  /** Number of dependency edges. */
  get edges(): number {
    return this.depIds.length;
  }

  key(id: number): string {
    return this.tasks[id]!.key;
  }

  /** The id of `key`, or -1. */
  idOf(key: string): number {
    if (!this._ids) {
      const m = new Map<string, number>();
      for (let i = 0; i < this.tasks.length; i++) m.set(this.tasks[i]!.key, i);
      this._ids = m;
    }
    return this._ids.get(key) ?? -1;
  }

  /** The id of `key` by a backward scan (no map), or -1. */
  private lastIdOf(key: string): number {
    const tasks = this.tasks;
    for (let i = tasks.length - 1; i >= 0; i--) if (tasks[i]!.key === key) return i;
    return -1;
  }

  has(key: string): boolean {
    return this.idOf(key) >= 0;
  }

  /** Dependencies of `id` (a view; do not modify). */
  deps(id: number): Int32Array {
    return this.depIds.subarray(this.depStart[id]!, this.depStart[id + 1]!);
  }

  depCount(id: number): number {
    return this.depStart[id + 1]! - this.depStart[id]!;
  }

  private buildDependents(): void {
    const n = this.size;
    const start = new Int32Array(n + 1);
    for (let e = 0; e < this.depIds.length; e++) start[this.depIds[e]! + 1]!++;
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const fill = start.slice(0, n);
    const ids = new Int32Array(this.depIds.length);
    for (let i = 0; i < n; i++) {
      for (let e = this.depStart[i]!; e < this.depStart[i + 1]!; e++) ids[fill[this.depIds[e]!]!++] = i;
    }
    this._dependentStart = start;
    this._dependentIds = ids;
  }

  /** CSR arrays of dependents: `[start, ids]`. */
  dependentsCSR(): [Int32Array, Int32Array] {
    if (!this._dependentStart) this.buildDependents();
    return [this._dependentStart!, this._dependentIds!];
  }

  /** Tasks that depend on `id` (a view; do not modify). */
  dependents(id: number): Int32Array {
    const [start, ids] = this.dependentsCSR();
    return ids.subarray(start[id]!, start[id + 1]!);
  }

  dependentCount(id: number): number {
    const [start] = this.dependentsCSR();
    return start[id + 1]! - start[id]!;
  }

  /** Ids of tasks no other task depends on. */
  sinks(): number[] {
    const [start] = this.dependentsCSR();
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (start[i + 1] === start[i]) out.push(i);
    return out;
  }

  /**
   * Trusted, like the constructor: `ids[i]` is the id of `keys[i]`. Later `idsOf(keys)` calls with
   * this same array (not an equal one) return them without a lookup. Returns this graph.
   */
  withKnownIds(keys: readonly string[], ids: readonly number[]): this {
    this._known = { keys, ids };
    return this;
  }

  /**
   * For a pass that derived `to` from this graph: the ids known here, renumbered by `newId` (old
   * id → id in `to`, -1 when dropped; omitted: the same ids), become known on `to`. Returns `to`.
   */
  carryKnownIds(to: TaskGraph, newId?: ArrayLike<number>): TaskGraph {
    const k = this._known;
    if (k && to !== this) to.withKnownIds(k.keys, newId ? k.ids.map((i) => newId[i]!) : k.ids);
    return to;
  }

  /** Ids for `keys`, throwing for a key not in the graph. */
  idsOf(keys: readonly string[], where = 'TaskGraph'): number[] {
    const known = this._known;
    if (known !== undefined && known.keys === keys && known.ids.every((i) => i >= 0)) return known.ids.slice();
    const scan = this._ids === undefined && keys.length <= SCAN_KEYS;
    return keys.map((k) => {
      const id = scan ? this.lastIdOf(k) : this.idOf(k);
      if (id < 0) throw new Error(`${where}: key '${k}' is not in the graph`);
      return id;
    });
  }
}

/** Build CSR arrays from per-task dependency lists. */
export function csr(depLists: readonly (readonly number[])[]): [Int32Array, Int32Array] {
  const start = new Int32Array(depLists.length + 1);
  for (let i = 0; i < depLists.length; i++) start[i + 1] = start[i]! + depLists[i]!.length;
  const ids = new Int32Array(start[depLists.length]!);
  let p = 0;
  for (const l of depLists) for (const d of l) ids[p++] = d;
  return [start, ids];
}
