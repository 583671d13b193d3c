/**
 * `TaskRef(i)`: the placeholder for local value `i` inside a step's argument template.
 *
 * It is a class (not a marker property) so that user data can never be mistaken for a reference;
 * it crosses threads through the wire codec registered here. TaskRefs are immutable, so `refTo(i)`
 * shares one per small index (graph building, remapping and the worker's decoding of every
 * step's arguments allocate none).
 */
import { registerWireType } from '../wire/codec.ts';

export class TaskRef {
  constructor(readonly index: number) {}
}

/** Shared TaskRefs for small indices. */
const SMALL_REFS = Array.from({ length: 256 }, (_, i) => new TaskRef(i));

/** The TaskRef of local value `i` (shared when `i` is small). */
export function refTo(i: number): TaskRef {
  return SMALL_REFS[i] ?? new TaskRef(i);
}

registerWireType<TaskRef, number>({
  name: 'TaskRef',
  module: import.meta.url,
  is: (v): v is TaskRef => v instanceof TaskRef,
  encode: (r) => r.index,
  // A payload not made by `encode` (not a non-negative integer) still decodes as before: to its own TaskRef.
  decode: (i) => (Number.isInteger(i) && i >= 0 ? refTo(i) : new TaskRef(i)),
});
