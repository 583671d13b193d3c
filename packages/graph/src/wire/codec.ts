/**
 * Wire codecs: how class instances survive a trip between threads.
 *
 * `postMessage` uses structured clone, which keeps typed arrays on SharedArrayBuffers shared (no
 * copy) but drops prototypes: an `NDArray` arrives as a plain object (DESIGN.md §4). A package
 * that owns such a class registers a codec for it; the scheduler calls `encodeWire` before posting
 * and `decodeWire` after receiving, on both sides of the channel. Both walk arrays, plain objects
 * and Maps (the shapes task arguments and results take) and leave everything else to structured
 * clone. Registration happens when the owning module is imported, which a worker does when it
 * imports an op module that uses the class.
 *
 * A thread can receive a tagged value before it has imported the class's module (a worker running
 * an op module that never imports image-ops, say); `loadWireCodecs` imports the modules named on
 * the wire for tags this thread does not know yet, before decoding.
 *
 * State: one per-thread list of codecs, searched in registration order.
 */

export interface WireType<T, P> {
  /** Unique tag put on the wire. */
  readonly name: string;
  /**
   * URL of the module that registers this codec (pass `import.meta.url`). It travels with every
   * encoded value, so a thread that meets the tag without having imported the class can load it
   * (`loadWireCodecs`).
   */
  readonly module?: string;
  /** True for values this codec owns. */
  is(value: unknown): value is T;
  /** A structured-clone-safe payload; keep SAB-backed typed arrays in it as they are. */
  encode(value: T): P;
  decode(payload: P): T;
}

const WIRE_TAG = '__duskWire';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const codecs: WireType<any, any>[] = [];

/** Register a codec; registering the same name again replaces the earlier one. */
export function registerWireType<T, P>(type: WireType<T, P>): void {
  const i = codecs.findIndex((c) => c.name === type.name);
  if (i >= 0) codecs[i] = type;
  else codecs.push(type);
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Replace registered class instances (at any depth of arrays/objects/Maps) by tagged payloads. */
export function encodeWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  for (const c of codecs) {
    if (c.is(value)) return c.module ? { [WIRE_TAG]: c.name, module: c.module, payload: c.encode(value) } : { [WIRE_TAG]: c.name, payload: c.encode(value) };
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const e = encodeWire(value[i]);
      if (e !== value[i]) (out ??= value.slice())[i] = e;
    }
    return out ?? value;
  }
  if (value instanceof Map) {
    let changed = false;
    const out = new Map();
    for (const [k, v] of value) {
      const e = encodeWire(v);
      changed ||= e !== v;
      out.set(k, e);
    }
    return changed ? out : value;
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(value)) {
      const e = encodeWire(value[k]);
      if (e !== value[k]) (out ??= { ...value })[k] = e;
    }
    return out ?? value;
  }
  return value;
}

/** Modules named on the wire (in `value`, as `encodeWire` left it) for tags with no codec here. */
function missingModules(value: unknown, out: Set<string>): void {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  if (Array.isArray(value)) for (const v of value) missingModules(v, out);
  else if (value instanceof Map) for (const v of value.values()) missingModules(v, out);
  else if (isPlainObject(value)) {
    const tag = value[WIRE_TAG];
    if (typeof tag === 'string') {
      if (typeof value.module === 'string' && !codecs.some((c) => c.name === tag)) out.add(value.module);
      return;
    }
    for (const k of Object.keys(value)) missingModules(value[k], out);
  }
}

/** Import the modules that register codecs `value` needs and this thread lacks; then `decodeWire` works. */
export async function loadWireCodecs(value: unknown): Promise<void> {
  const modules = new Set<string>();
  missingModules(value, modules);
  for (const m of modules) await import(m);
}

/**
 * Inverse of `encodeWire`: rebuild tagged payloads into instances of their registered class.
 * Works in place on `value`, which is a fresh structured clone when it comes off a channel.
 */
export function decodeWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decodeWire(value[i]);
    return value;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) value.set(k, decodeWire(v));
    return value;
  }
  if (isPlainObject(value)) {
    const tag = value[WIRE_TAG];
    if (typeof tag === 'string') {
      const c = codecs.find((x) => x.name === tag);
      if (!c) throw new Error(`decodeWire: no codec registered for wire type '${tag}'`);
      return c.decode(value.payload);
    }
    for (const k of Object.keys(value)) value[k] = decodeWire(value[k]);
  }
  return value;
}
