/**
 * Type plumbing for `delayed`: which arguments a delayed function accepts and what `compute`
 * returns.
 *
 * `Lazy<T>` is `T`, a `Delayed<T>`, or a container of the same shape whose members are lazy in
 * turn (arrays, tuples, Maps, plain objects) — the places where `delayed` looks for dependencies.
 * `Computed<T>` is the inverse: every `Delayed<U>` in a structure replaced by `U`, and any other
 * collection (`compute/collection.ts`) by its value.
 * `DelayedMembers<T>` is what `Delayed<T>` adds to the graph node: `T`'s members, each a Delayed
 * (a method also callable, giving a Delayed of its result), except the reserved names.
 */
import type { Delayed, DelayedBase } from './delayed.ts';
import type { AnyFn } from '../util/guards.ts';
import type { DuskCollection } from '../compute/collection.ts';


type LazyMembers<T> = T extends AnyFn | ArrayBufferView | DelayedBase<unknown>
  ? never
  : T extends readonly unknown[]
    ? { [K in keyof T]: Lazy<T[K]> }
    : T extends Map<infer K, infer V>
      ? Map<K, Lazy<V>>
      : T extends object
        ? { [K in keyof T]: Lazy<T[K]> }
        : never;

export type Lazy<T> = T | DelayedBase<T> | LazyMembers<T>;

export type LazyArgs<P extends readonly unknown[]> = { [K in keyof P]: Lazy<P[K]> };

export type Computed<T> = T extends DelayedBase<infer U>
  ? U
  : T extends DuskCollection<infer R>
    ? R
    : T extends AnyFn | ArrayBufferView
      ? T
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Computed<T[K]> }
        : T extends Map<infer K, infer V>
          ? Map<K, Computed<V>>
          : T extends object
            ? { [K in keyof T]: Computed<T[K]> }
            : T;

/** A delayed version of `F`: same parameters (each may be lazy), returns a `Delayed` result. */
export type DelayedFunction<F extends AnyFn> = (...args: LazyArgs<Parameters<F>>) => Delayed<Awaited<ReturnType<F>>>;

/** Items of a tuple result, one `Delayed` each (for `nout`). */
export type DelayedItems<R> = R extends readonly unknown[] ? { [K in keyof R]: Delayed<R[K]> } : Delayed<unknown>[];

export type DelayedTupleFunction<F extends AnyFn> = (
  ...args: LazyArgs<Parameters<F>>
) => Delayed<Awaited<ReturnType<F>>> & DelayedItems<Awaited<ReturnType<F>>>;

/**
 * Names that are never attributes of a Delayed (the runtime list is in `attributes.ts`): its own
 * members, `Object.prototype`'s, the promise and JSON protocol, and names starting with `_`,
 * `$` or `@`.
 */
type Reserved =
  | keyof DelayedBase<unknown>
  | 'then' | 'catch' | 'finally' | 'toJSON' | 'asymmetricMatch' | 'nodeType' | 'tagName' | 'inspect'
  | 'constructor' | 'valueOf' | 'toString' | 'toLocaleString' | 'hasOwnProperty' | 'isPrototypeOf' | 'propertyIsEnumerable';

type AttributeKey<K> = K extends symbol | Reserved | `_${string}` | `$${string}` | `@${string}` ? never : K;

/** A member of the result as a Delayed: a method is also callable. */
type Attribute<V> = [V] extends [AnyFn] ? Delayed<V> & DelayedFunction<V> : Delayed<V>;

/**
 * `T`'s members as Delayeds: none for `unknown`, `any`, `null` and `undefined`; for `never` (a
 * function that always throws) `any`, so that its Delayed fits wherever a Delayed is expected.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any in, any out: an untyped value stays untyped
export type DelayedMembers<T> = [T] extends [never] ? any : 0 extends 1 & T
  ? unknown
  : [T] extends [null | undefined]
    ? unknown
    : { readonly [K in keyof T as AttributeKey<K>]: Attribute<T[K]> };
