/**
 * Low-level graphs, as Dask's dicts: `{ key: call(fn, ...args) | value }`, where `ref('key')`
 * inside arguments (at any depth of arrays, plain objects and Maps) names another task's result.
 *
 *     graphFromSpec({ x: 1, y: call(inc, ref('x')), z: call(add, ref('x'), ref('y')) })
 *
 * Tasks are numbered in topological order with Kahn's algorithm; a cycle or a reference to a
 * missing key is an error naming the keys involved. Both the sort and the search for the cycle's
 * path are linear in keys + references.
 */
import { funcName, keySplit } from '../core/keys.ts';
import type { Step, Task } from '../core/task.ts';
import { makeTemplate } from '../delayed/template.ts';
import { opMeta, opRef } from '../ops/defineOps.ts';
import { cycleError } from './build.ts';
import { csr, TaskGraph } from './taskgraph.ts';

/** A reference to the result of task `key`. */
export class KeyRef {
  constructor(readonly key: string) {}
}

/** A function call in a spec. */
export class Call {
  constructor(readonly fn: (...args: never[]) => unknown, readonly args: readonly unknown[]) {}
}

export const ref = (key: string): KeyRef => new KeyRef(key);

export function call<A extends unknown[]>(fn: (...args: A) => unknown, ...args: unknown[]): Call {
  if (typeof fn !== 'function') throw new TypeError(`call: expected a function, received ${typeof fn}`);
  return new Call(fn as (...args: never[]) => unknown, args);
}

const isKeyRef = (v: unknown): v is KeyRef => v instanceof KeyRef;

function toTask(key: string, value: unknown): { task: Task; deps: string[] } {
  const isCall = value instanceof Call;
  const t = makeTemplate(isCall ? value.args : [value], isKeyRef);
  const fn = isCall ? (value.fn as Step['fn']) : undefined;
  const name = isCall ? funcName(value.fn) : keySplit(key);
  const step: Step = { fn, op: fn && opRef(fn), name, args: t.args, refMode: t.refMode, cheap: fn !== undefined && opMeta(fn).cheap === true };
  return { task: { key, name: isCall ? name : keySplit(key), steps: [step] }, deps: t.deps.map((d) => d.key) };
}

function findCycle(remaining: Set<string>, deps: Map<string, string[]>): string[] {
  // Every unsorted key has an unsorted dependency: follow them from any one until a key repeats
  // (linear: each key's position on the walk is remembered).
  let k = remaining.values().next().value as string;
  const at = new Map<string, number>();
  const path: string[] = [];
  while (!at.has(k)) {
    at.set(k, path.length);
    path.push(k);
    k = deps.get(k)!.find((d) => remaining.has(d))!;
  }
  return [...path.slice(at.get(k)), k];
}

export function graphFromSpec(spec: Record<string, unknown> | Map<string, unknown>): TaskGraph {
  const entries = spec instanceof Map ? [...spec] : Object.entries(spec);
  const parsed = new Map(entries.map(([k, v]) => [k, toTask(k, v)]));
  const deps = new Map<string, string[]>();
  for (const [k, p] of parsed) {
    for (const d of p.deps) {
      if (!parsed.has(d)) throw new Error(`graphFromSpec: task '${k}' refers to missing key '${d}'`);
    }
    deps.set(k, p.deps);
  }
  // Kahn: repeatedly take keys whose dependencies are all numbered.
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [k, ds] of deps) {
    pending.set(k, ds.length);
    for (const d of ds) (dependents.get(d) ?? dependents.set(d, []).get(d)!).push(k);
  }
  const ready = [...pending].filter(([, n]) => n === 0).map(([k]) => k);
  const ids = new Map<string, number>();
  const order: string[] = [];
  while (ready.length) {
    const k = ready.pop()!;
    ids.set(k, order.length);
    order.push(k);
    for (const d of dependents.get(k) ?? []) {
      const n = pending.get(d)! - 1;
      pending.set(d, n);
      if (n === 0) ready.push(d);
    }
  }
  if (order.length < parsed.size) {
    const remaining = new Set([...parsed.keys()].filter((k) => !ids.has(k)));
    throw cycleError('graphFromSpec', findCycle(remaining, deps));
  }
  const [start, list] = csr(order.map((k) => deps.get(k)!.map((d) => ids.get(d)!)));
  return new TaskGraph(order.map((k) => parsed.get(k)!.task), start, list, ids);
}
