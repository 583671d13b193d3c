/**
 * `RemoteRef`: a result that stayed in Redis. A worker stores a result larger than the run's
 * `inlineBytes` under a run-scoped key and replies with a reference; the scheduler holds the
 * reference like any result (or, above `sharedAboveBytes` with a shared directory, in a file
 * there: `data/shared.ts`), passes it to later batches (the worker that needs it fetches it
 * from Redis, never through the client), fetches it only when the main thread needs the value
 * (a closure, an output: `Dispatcher.localize`), and deletes the key when it releases the result
 * (`Dispatcher.releaseResult`).
 *
 * It crosses processes through the wire codec like any class (`registerWireType`), so the batch
 * encoder needs no special case. A worker fetches only keys under the run's own prefix.
 */
import { registerWireType } from 'dusk-graph';

export class RemoteRef {
  /**
   * `key`: the Redis key holding the bytes; or, with `file`, the path of a file relative to the
   * shared directory (`data/shared.ts`; `key` is then empty).
   */
  constructor(readonly key: string, readonly bytes: number, readonly file?: string) {}
}

/** A RemoteRef on the wire (decoded from another process: checked, not trusted). */
interface RefPayload {
  key: string;
  bytes: number;
  file?: string;
}

registerWireType<RemoteRef, Partial<RefPayload> | null>({
  name: 'dusk-distributed.RemoteRef',
  module: import.meta.url,
  is: (v): v is RemoteRef => v instanceof RemoteRef,
  encode: (r): RefPayload => (r.file === undefined ? { key: r.key, bytes: r.bytes } : { key: r.key, bytes: r.bytes, file: r.file }),
  decode: (p) => {
    if (typeof p?.key !== 'string' || typeof p.bytes !== 'number' || (p.file !== undefined && typeof p.file !== 'string')) {
      throw new TypeError('RemoteRef: malformed payload');
    }
    return new RemoteRef(p.key, p.bytes, p.file);
  },
});

/** Indexes of the `RemoteRef`s in `values`. */
export function refsIn(values: readonly unknown[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] instanceof RemoteRef) out.push(i);
  return out;
}
