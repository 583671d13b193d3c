/**
 * `delayed()`: lazy function calls that build a task graph.
 *
 * `delayed(fn)` returns a function with `fn`'s parameter and return types whose calls return a
 * `Delayed<T>` instead of running. Each `Delayed` is one node: a key, one step (function + argument
 * template, see `core/task.ts`) and its direct dependencies. Nothing is shared or global except
 * the key counter, so building a graph is a handful of allocations per call (DESIGN.md §6); the
 * integer-indexed `TaskGraph` is built from the nodes when a graph is needed.
 *
 * A `Delayed` is deliberately not thenable (`await d` would hide the graph) and refuses to act as
 * a number or string-concatenated value; JavaScript cannot intercept `if (d)`, which is always
 * true — compute first.
 */
import { inspect } from 'node:util';
import { z } from 'zod';
import { funcName, uniqueKey } from '../core/keys.ts';
import type { Step } from '../core/task.ts';
import { tokenize } from '../core/tokenize.ts';
import { defineOps, opMeta, opRef } from '../ops/defineOps.ts';
import { compute, type ComputeOptions } from '../compute/compute.ts';
import { parseOptions } from '../util/options.ts';
import { makeTemplate } from './template.ts';
import type { AnyFunction, DelayedFunction, DelayedTupleFunction } from './types.ts';

export interface DelayedOptions {
  /** Key prefix and display name. @default the function's name */
  name?: string;
  /** Exact key for the task (instead of a generated one). */
  key?: string;
  /**
   * Same function and arguments give the same key, so identical calls built twice become one
   * task. Only for functions without side effects. @default false
   */
  pure?: boolean;
  /** Number of items of a tuple result, to allow `const [a, b] = delayed(f, { nout: 2 })(x)`. */
  nout?: number;
}

export class Delayed<T = unknown> {
  /** Phantom field carrying the result type. */
  declare readonly __result?: T;
  readonly key: string;
  /** Display name of the task (`keySplit` of the key for calls). */
  readonly name: string;
  /** The call this node makes (one step; its TaskRefs index `deps`). A Delayed is a `Task`. */
  readonly steps: readonly [Step];
  readonly deps: readonly Delayed[];
  /** Number of items when built with `nout`. */
  readonly length: number | undefined;
  /**
   * True when another node may carry the same key (pure, tokenized or explicit keys): graph
   * building then merges by key. Unique counter keys are tracked by identity instead (cheaper).
   */
  readonly shareable: boolean;
  /** Scratch for graph building: the build this node was last seen in, and its id there. */
  buildEpoch = 0;
  buildId = 0;

  constructor(key: string, name: string, step: Step, deps: readonly Delayed[], length?: number, shareable = true) {
    this.key = key;
    this.name = name;
    this.steps = [step];
    this.deps = deps;
    this.length = length;
    this.shareable = shareable;
  }

  /** Compute this value (see `compute`). */
  compute(options?: ComputeOptions): Promise<T> {
    return compute(this, options) as Promise<T>;
  }

  /** A task taking item `k` of the result (a property, a Map key or an array index). */
  get<K extends keyof T>(k: K): Delayed<T[K]>;
  get(k: PropertyKey): Delayed<unknown>;
  get(k: PropertyKey): Delayed<unknown> {
    return itemOf(this, k);
  }

  /** A task taking element `i` of an array-like result; negative `i` counts from the end. */
  at(i: number): Delayed<T extends readonly (infer E)[] ? E : unknown> {
    return itemOf(this, i) as Delayed<T extends readonly (infer E)[] ? E : unknown>;
  }

  *[Symbol.iterator](): Iterator<Delayed<unknown>> {
    if (this.length === undefined) {
      throw new TypeError(
        `Delayed '${this.key}' of unspecified length is not iterable: pass { nout } to delayed() to destructure its result`,
      );
    }
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return this.toString();
    throw new TypeError(
      `Delayed '${this.key}' has no value yet and cannot be used as a ${hint === 'number' ? 'number' : 'primitive'} ` +
        `(or as a boolean: 'if (d)' is always true in JavaScript). Compute it first, or put the logic in a delayed function.`,
    );
  }

  toString(): string {
    return `Delayed('${this.key}')`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export function isDelayed(v: unknown): v is Delayed {
  return v instanceof Delayed;
}

function makeStep(fn: AnyFunction | undefined, name: string, args: unknown[], refMode: Step['refMode']): Step {
  return { fn, op: fn && opRef(fn), name, args, refMode, cheap: fn !== undefined && opMeta(fn).cheap === true };
}

/** Item access, run inline on the main thread. */
function getitem(obj: unknown, k: PropertyKey): unknown {
  if (obj instanceof Map) return obj.get(k);
  if (typeof k === 'number' && k < 0 && (Array.isArray(obj) || ArrayBuffer.isView(obj))) {
    return (obj as unknown as ArrayLike<unknown>)[(obj as unknown as ArrayLike<unknown>).length + k];
  }
  if (obj === null || obj === undefined) throw new TypeError(`getitem: cannot read item ${String(k)} of ${obj}`);
  return (obj as Record<PropertyKey, unknown>)[k];
}
const items = defineOps(import.meta.url, { getitem }, { getitem: { cheap: true } });

function itemOf(d: Delayed, k: PropertyKey): Delayed {
  const key = `getitem-${tokenize([d.key, k], isDelayed)}`;
  const t = makeTemplate([d, k], isDelayed);
  return new Delayed(key, 'getitem', makeStep(items.getitem, 'getitem', t.args, t.refMode), t.deps);
}

/**
 * `delayed`'s options, strict (a misspelled option is an error naming it). `nout` may be 0, as in
 * Dask: the function then returns an empty tuple.
 */
const delayedSchema = z.strictObject({
  name: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  pure: z.boolean().optional(),
  nout: z.int().min(0).optional(),
});
const valueSchema = delayedSchema.pick({ name: true, key: true });

/** Wrap `fn` so its calls build tasks instead of running. */
export function delayed<F extends AnyFunction>(fn: F, options?: DelayedOptions & { nout?: undefined }): DelayedFunction<F>;
export function delayed<F extends AnyFunction>(fn: F, options: DelayedOptions & { nout: number }): DelayedTupleFunction<F>;
export function delayed<F extends AnyFunction>(fn: F, options?: DelayedOptions): DelayedFunction<F> {
  if (typeof fn !== 'function') {
    throw new TypeError(`delayed: expected a function, received ${fn === null ? 'null' : typeof fn}`);
  }
  const o = options === undefined ? {} : parseOptions('delayed', delayedSchema, options);
  const name = o.name ?? funcName(fn);
  const { pure = false, key: fixedKey, nout } = o;
  const op = opRef(fn);
  const cheap = opMeta(fn).cheap === true;
  const call = (...args: unknown[]): Delayed => {
    const t = makeTemplate(args, isDelayed);
    const key = fixedKey ?? (pure ? `${name}-${tokenize([fn, ...args], isDelayed)}` : uniqueKey(name));
    const step: Step = { fn, op, name, args: t.args, refMode: t.refMode, cheap };
    return new Delayed(key, name, step, t.deps, nout, fixedKey !== undefined || pure);
  };
  return call as unknown as DelayedFunction<F>;
}

function valueName(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (v === null || typeof v !== 'object') return typeof v;
  const ctor = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return ctor && ctor !== 'Object' ? ctor.toLowerCase() : 'dict';
}

/**
 * Wrap a value as a `Delayed`. A value holding `Delayed`s (e.g. a list of them) becomes a task
 * that assembles it; a `Delayed` is returned as it is.
 */
export function delayedValue<T>(value: T, options?: { name?: string; key?: string }): Delayed<T> {
  const o = options === undefined ? {} : parseOptions('delayedValue', valueSchema, options);
  if (isDelayed(value)) return value as unknown as Delayed<T>;
  const t = makeTemplate([value], isDelayed);
  const name = o.name ?? valueName(value);
  const key = o.key ?? `${name}-${tokenize([value], isDelayed)}`;
  return new Delayed<T>(key, name, makeStep(undefined, name, t.args, t.refMode), t.deps);
}
