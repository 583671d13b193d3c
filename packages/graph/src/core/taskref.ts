/**
 * `TaskRef(i)`: the placeholder for local value `i` inside a step's argument template.
 *
 * It is a class (not a marker property) so that user data can never be mistaken for a reference;
 * it crosses threads through the wire codec registered here.
 */
import { registerWireType } from '../wire/codec.ts';

export class TaskRef {
  constructor(readonly index: number) {}
}

registerWireType<TaskRef, number>({
  name: 'TaskRef',
  module: import.meta.url,
  is: (v): v is TaskRef => v instanceof TaskRef,
  encode: (r) => r.index,
  decode: (i) => new TaskRef(i),
});
