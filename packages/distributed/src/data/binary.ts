/**
 * Values as bytes, for Redis: the wire codec (`encodeWire` from `dusk-graph`) turns class
 * instances such as NDArray into plain payloads, and V8's serializer (`node:v8`, the structured
 * clone format) writes that structure as a small header with every typed array's raw bytes
 * (never JSON of pixels). `fromBinary` reverses both: the structure comes back with its typed
 * arrays on fresh SharedArrayBuffers when `shared` is set (so a worker pool shares them without
 * a copy), and `decodeWire` rebuilds the instances with the codecs registered in this process
 * (those of the op modules it imported; a value needing any other codec fails to decode).
 *
 * Both ends must run the same Node major version (the serializer's format is versioned).
 */
import { deserialize, serialize } from 'node:v8';
import { types } from 'node:util';
import { decodeWire, encodeWire, mapChildren } from 'dusk-graph/internal';

/** `value` (any structure of plain data, typed arrays and wire-codec classes) as bytes. */
export function toBinary(value: unknown): Buffer {
  return serialize(encodeWire(value));
}

/** Bytes of an already wire-encoded structure. */
export function encodedToBinary(encoded: unknown): Buffer {
  return serialize(encoded);
}

/** Move typed arrays (at any depth of arrays, plain objects and Maps: dusk-graph's walker) onto SharedArrayBuffers. */
export function shareArrays(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object' || depth > 1000) return v;
  if (types.isTypedArray(v)) {
    if (types.isSharedArrayBuffer(v.buffer)) return v;
    const sab = new SharedArrayBuffer(v.byteLength);
    new Uint8Array(sab).set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    return new (v.constructor as new (b: SharedArrayBuffer) => unknown)(sab);
  }
  return mapChildren(v, shareArrays, depth + 1);
}

/** The wire-encoded structure in `buf` (not decoded: pass to `decodeWire`). */
export function binaryToEncoded(buf: Uint8Array, shared = false): unknown {
  const v = deserialize(buf);
  return shared ? shareArrays(v) : v;
}

/** The value in `buf`, decoded with this process's codecs. */
export function fromBinary(buf: Uint8Array, shared = false): unknown {
  return decodeWire(binaryToEncoded(buf, shared));
}
