/**
 * Type plumbing for `delayed`: which arguments a delayed function accepts and what `compute`
 * returns.
 *
 * `Lazy<T>` is `T`, a `Delayed<T>`, or a container of the same shape whose members are lazy in
 * turn (arrays, tuples, Maps, plain objects) — the places where `delayed` looks for dependencies.
 * `Computed<T>` is the inverse: every `Delayed<U>` in a structure replaced by `U`.
 */
import type { Delayed } from './delayed.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => any;

type LazyMembers<T> = T extends AnyFunction | ArrayBufferView | Delayed<unknown>
  ? never
  : T extends readonly unknown[]
    ? { [K in keyof T]: Lazy<T[K]> }
    : T extends Map<infer K, infer V>
      ? Map<K, Lazy<V>>
      : T extends object
        ? { [K in keyof T]: Lazy<T[K]> }
        : never;

export type Lazy<T> = T | Delayed<T> | LazyMembers<T>;

export type LazyArgs<P extends readonly unknown[]> = { [K in keyof P]: Lazy<P[K]> };

export type Computed<T> = T extends Delayed<infer U>
  ? U
  : T extends AnyFunction | ArrayBufferView
    ? T
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Computed<T[K]> }
      : T extends Map<infer K, infer V>
        ? Map<K, Computed<V>>
        : T extends object
          ? { [K in keyof T]: Computed<T[K]> }
          : T;

/** A delayed version of `F`: same parameters (each may be lazy), returns a `Delayed` result. */
export type DelayedFunction<F extends AnyFunction> = (...args: LazyArgs<Parameters<F>>) => Delayed<Awaited<ReturnType<F>>>;

/** Items of a tuple result, one `Delayed` each (for `nout`). */
export type DelayedItems<R> = R extends readonly unknown[] ? { [K in keyof R]: Delayed<R[K]> } : Delayed<unknown>[];

export type DelayedTupleFunction<F extends AnyFunction> = (
  ...args: LazyArgs<Parameters<F>>
) => Delayed<Awaited<ReturnType<F>>> & DelayedItems<Awaited<ReturnType<F>>>;
