/**
 * `delayed()`: lazy function calls that build a task graph.
 *
 * `delayed(fn)` returns a function with `fn`'s parameter and return types whose calls return a
 * `Delayed<T>` instead of running. Each `Delayed` is one node: a key, one step (function + argument
 * template, see `core/task.ts`) and its direct dependencies. Nothing is shared or global except
 * the key counter, so building a graph is a handful of allocations per call (DESIGN.md §6); the
 * integer-indexed `TaskGraph` is built from the nodes when a graph is needed.
 *
 * The rest of dask.delayed's surface: `d.shape` / `d.slice(1)` are attribute and method-call
 * tasks (`attributes.ts`; typed: `Delayed<T>` is the class `DelayedBase<T>` plus `T`'s members as
 * Delayeds, `DelayedMembers` in `types.ts`); `delayed(value)` wraps a non-function like
 * `delayedValue`; `d.persist()` and `d.visualize(path)`; and `key` may be a function of the
 * call's arguments, giving each call its own key (Dask's `dask_key_name`).
 *
 * A `Delayed` is deliberately not thenable (`await d` would hide the graph: `then` is never an
 * attribute) and refuses to act as a number or string-concatenated value; JavaScript cannot
 * intercept `if (d)`, which is always true — compute first.
 */
import { inspect } from 'node:util';
import { z } from 'zod';
import { funcName, uniqueKey } from '../core/keys.ts';
import type { Step } from '../core/task.ts';
import { tokenize } from '../core/tokenize.ts';
import { defineOps, opMeta, opRef } from '../ops/defineOps.ts';
import { duskCollection, NodeParts, type CollectionParts } from '../compute/collection.ts';
import { compute, persist, type ComputeOptions } from '../compute/compute.ts';
import type { GraphNode } from '../taskgraph/build.ts';
import { visualize, type ToDotOptions } from '../dot/visualize.ts';
import { parseOptions, showValue } from '../util/options.ts';
import { callMethod, getattr, installAttributeAccess } from './attributes.ts';
import { makeTemplate } from './template.ts';
import type { DelayedFunction, DelayedMembers, DelayedTupleFunction } from './types.ts';
import type { AnyFn } from '../util/guards.ts';

export interface DelayedOptions {
  /** Key prefix and display name. @default the function's name */
  name?: string;
  /**
   * Exact key for the task instead of a generated one; a function of the call's arguments gives
   * each call its own key (Dask's `dask_key_name`): `delayed(io.imread, { key: (f) => `load-${f}` })`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a key function takes the call's arguments, whatever they are
  key?: string | ((...args: any[]) => string);
  /**
   * Same function and arguments give the same key, so identical calls built twice become one
   * task. Only for functions without side effects. @default false
   */
  pure?: boolean;
  /** Number of items of a tuple result, to allow `const [a, b] = delayed(f, { nout: 2 })(x)`. */
  nout?: number;
}

export class DelayedBase<T = unknown> {
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
  /** A node is never a merged task (`Task.parts`); on the prototype, so it is not an attribute. */
  declare readonly parts?: undefined;
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

  /** The collection protocol (`compute/collection.ts`): a Delayed is the one-node collection. */
  [duskCollection](): CollectionParts<T> {
    return new NodeParts(this as DelayedBase, holdValue) as CollectionParts<T>;
  }

  /** Compute this value (see `compute`). */
  compute(options?: ComputeOptions): Promise<T> {
    return compute(this, options) as Promise<T>;
  }

  // The methods below type their result through `this` (S is T): a return type written with T
  // and T's members would make the class invariant in T, so Delayed<number> would not be a
  // Delayed<unknown>.

  /** Compute this value and return a `Delayed` that holds it under the same key (see `persist`). */
  persist<S>(this: DelayedBase<S>, options?: ComputeOptions): Promise<Delayed<S>> {
    return persist(this as Delayed<S>, options);
  }

  /** Draw this value's graph to `filename` (`.dot` or `.svg`; see `visualize`); resolves with the path. */
  visualize(filename: string, options?: ToDotOptions): Promise<string> {
    return visualize(this, filename, options);
  }

  /** A task taking item `k` of the result (a property, a Map key or an array index). */
  get<S, K extends keyof S>(this: DelayedBase<S>, k: K): Delayed<S[K]>;
  get(k: PropertyKey): Delayed<unknown>;
  get(k: PropertyKey): Delayed<unknown> {
    return itemOf(this, k);
  }

  /** A task taking element `i` of an array-like result; negative `i` counts from the end. */
  at<S>(this: DelayedBase<S>, i: number): Delayed<S extends readonly (infer E)[] ? E : unknown> {
    return itemOf(this, i) as Delayed<S extends readonly (infer E)[] ? E : unknown>;
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

/** A lazy value: the graph node (`DelayedBase`) plus, as Delayeds, the members of its result type. */
export type Delayed<T = unknown> = DelayedBase<T> & DelayedMembers<T>;

interface DelayedConstructor {
  new <T = unknown>(key: string, name: string, step: Step, deps: readonly DelayedBase[], length?: number, shareable?: boolean): Delayed<T>;
  readonly prototype: DelayedBase;
}

/** The `Delayed` class, for `instanceof` (its instances are typed `Delayed<T>`). */
export const Delayed = DelayedBase as unknown as DelayedConstructor;

export function isDelayed(v: unknown): v is Delayed {
  return v instanceof DelayedBase;
}

function makeStep(fn: AnyFn | undefined, name: string, args: unknown[], refMode: Step['refMode']): Step {
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
const items = defineOps(import.meta.url, { getitem, getattr }, { getitem: { cheap: true }, getattr: { cheap: true } });

function itemOf(d: DelayedBase, k: PropertyKey): Delayed {
  const key = `getitem-${tokenize([d.key, k], isDelayed)}`;
  const t = makeTemplate([d, k], isDelayed);
  return new Delayed(key, 'getitem', makeStep(items.getitem, 'getitem', t.args, t.refMode), t.deps);
}

/** `d.name(...args)`: a call of the result's method, on the main thread (the result's class stays intact). */
function methodCallOf(d: DelayedBase, name: string, args: unknown[]): Delayed {
  const t = makeTemplate([d, name, ...args], isDelayed);
  return new Delayed(uniqueKey(name), name, makeStep(callMethod, name, t.args, t.refMode), t.deps, undefined, false);
}

/** `d.name`: a callable Delayed reading the attribute; calling it calls the method instead. */
function attributeOf(owner: object, name: string): Delayed {
  const d = owner as DelayedBase;
  const t = makeTemplate([d, name], isDelayed);
  const node = new Delayed(`getattr-${tokenize([d.key, name], isDelayed)}`, 'getattr', makeStep(items.getattr, 'getattr', t.args, t.refMode), t.deps);
  const attr = (...args: unknown[]) => methodCallOf(d, name, args);
  Object.setPrototypeOf(attr, DelayedBase.prototype);
  for (const k of Object.keys(node)) Object.defineProperty(attr, k, Object.getOwnPropertyDescriptor(node, k)!);
  return attr as unknown as Delayed;
}

// Task fields that graph code reads from any task, present on every node.
Object.defineProperty(DelayedBase.prototype, 'parts', { value: undefined });
installAttributeAccess(DelayedBase.prototype, attributeOf);

/**
 * `delayed`'s options, strict (a misspelled option is an error naming it). `nout` may be 0, as in
 * Dask: the function then returns an empty tuple.
 */
const delayedSchema = z.strictObject({
  name: z.string().min(1).optional(),
  key: z.union([z.string().min(1), z.custom<(...args: unknown[]) => string>((v) => typeof v === 'function', { message: 'expected a string or a function of the call\'s arguments' })]).optional(),
  pure: z.boolean().optional(),
  nout: z.int().min(0).optional(),
});
const valueSchema = z.strictObject({ name: z.string().min(1).optional(), key: z.string().min(1).optional() });

/**
 * Wrap `fn` so its calls build tasks instead of running. A value that is not a function is
 * wrapped as it is, like Dask's `delayed(obj)` (see `delayedValue`).
 */
export function delayed<F extends AnyFn>(fn: F, options?: DelayedOptions & { nout?: undefined }): DelayedFunction<F>;
export function delayed<F extends AnyFn>(fn: F, options: DelayedOptions & { nout: number }): DelayedTupleFunction<F>;
export function delayed<T>(value: T, options?: { name?: string; key?: string }): Delayed<T>;
export function delayed<F extends AnyFn>(fn: F, options?: DelayedOptions): DelayedFunction<F> | Delayed {
  if (typeof fn !== 'function') return delayedValue(fn, options as { name?: string; key?: string } | undefined, 'delayed');
  if (isDelayed(fn)) {
    throw new TypeError(`delayed: received Delayed '${(fn as Delayed).key}' (an attribute of a Delayed) where a function was expected; call it directly: d.method(...)`);
  }
  const o = options === undefined ? {} : parseOptions('delayed', delayedSchema, options);
  const name = o.name ?? funcName(fn);
  const { pure = false, key: fixedKey, nout } = o;
  const keyOf = typeof fixedKey === 'function' ? fixedKey : undefined;
  const op = opRef(fn);
  const cheap = opMeta(fn).cheap === true;
  const call = (...args: unknown[]): Delayed => {
    const t = makeTemplate(args, isDelayed);
    const key = keyOf ? checkedKey(keyOf(...args)) : typeof fixedKey === 'string' ? fixedKey
      : pure ? `${name}-${tokenize([fn, ...args], isDelayed)}` : uniqueKey(name);
    const step: Step = { fn, op, name, args: t.args, refMode: t.refMode, cheap };
    return new Delayed(key, name, step, t.deps, nout, fixedKey !== undefined || pure);
  };
  return call as unknown as DelayedFunction<F>;
}

function checkedKey(k: unknown): string {
  if (typeof k !== 'string' || k === '') {
    throw new TypeError(`delayed: option 'key' (a function) must return a non-empty string for each call (received ${showValue(k)})`);
  }
  return k;
}

function valueName(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (v === null || typeof v !== 'object') return typeof v;
  const ctor = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return ctor && ctor !== 'Object' ? ctor.toLowerCase() : 'dict';
}

/** `persist`'s node holding a computed value under the computed node's key. */
function holdValue(node: GraphNode, value: unknown): Delayed {
  return delayedValue(value, { key: node.key, name: node.name });
}

/**
 * Wrap a value as a `Delayed`. A value holding `Delayed`s (e.g. a list of them) becomes a task
 * that assembles it; a `Delayed` is returned as it is.
 */
export function delayedValue<T>(value: T, options?: { name?: string; key?: string }, where = 'delayedValue'): Delayed<T> {
  const o = options === undefined ? {} : parseOptions(where, valueSchema, options);
  if (isDelayed(value)) return value as unknown as Delayed<T>;
  const t = makeTemplate([value], isDelayed);
  const name = o.name ?? valueName(value);
  const key = o.key ?? `${name}-${tokenize([value], isDelayed)}`;
  return new Delayed<T>(key, name, makeStep(undefined, name, t.args, t.refMode), t.deps);
}
