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
 * The wire format cannot be forged by data. An encoded value is a plain object with the own key
 * `__duskWire`; any *other* object that would arrive as a plain object carrying that key (a
 * `JSON.parse` result, a class instance, which structured clone turns into a plain object) is
 * escaped by `encodeWire` and comes out of `decodeWire` as the plain object it was, never as a
 * codec's instance. So `encodeWire` walks every object that structured clone turns into a plain
 * object (plain objects and class instances alike), and `decodeWire` interprets only what
 * `encodeWire` wrote. Encoded values carry a codec *name* only, never code to load.
 *
 * A thread can receive a tagged value before it has imported the class's module (a worker running
 * an op module that never imports image-ops, say). `encodeWire` reports the modules of the codecs
 * it used (the URLs their own `registerWireType` calls gave, in the sending thread), the sender
 * passes that list alongside the data, and `loadWireCodecs` imports exactly those before decoding:
 * a module URL is never read from the data itself (see `scheduler/src/worker/protocol.ts`).
 *
 * Nesting is bounded (`MAX_WIRE_DEPTH`): a deeper (or cyclic) value is refused by `encodeWire`
 * with an error saying so, before structured clone or the receiving thread's recursion can
 * overflow a stack. Values structured clone refuses (functions, symbols, promises, weak
 * collections, proxies) are refused by `encodeWire` too, with a DataCloneError saying what and
 * where, so the sender can blame the value's own task instead of learning it from a failed
 * `postMessage` (`limits.ts`). What sits in Sets and Map keys is left to structured clone: it is
 * not walked.
 *
 * State: one per-thread list of codecs, searched in registration order.
 */
import { isPlainObject } from '../util/guards.ts';
import { cycleIn, isOpaque, mapSegment, MAX_WIRE_DEPTH, Refusal, refusedObject, tooDeep, within } from './limits.ts';

export interface WireType<T, P> {
  /** Unique tag put on the wire. */
  readonly name: string;
  /**
   * URL of the module that registers this codec (pass `import.meta.url`). A thread that sends an
   * encoded value lists it, so a receiving thread that lacks the codec can import it
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
/** Tag value of an escaped object (codec names are strings, so it is never a codec's). */
const ESCAPED = 0;
export { MAX_WIRE_DEPTH };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds codecs of every value type
const codecs: WireType<any, any>[] = [];

/** Register a codec; registering the same name again replaces the earlier one. */
export function registerWireType<T, P>(type: WireType<T, P>): void {
  if (typeof type.name !== 'string' || type.name === '') {
    throw new TypeError(`registerWireType: name must be a non-empty string, received ${JSON.stringify(type.name)}`);
  }
  const i = codecs.findIndex((c) => c.name === type.name);
  if (i >= 0) codecs[i] = type;
  else codecs.push(type);
}


function encodeAt(value: unknown, modules: Set<string> | undefined, depth: number): unknown {
  if (typeof value === 'function') throw new Refusal(`a function${value.name ? ` ('${value.name}')` : ''}`);
  if (typeof value === 'symbol') throw new Refusal(`a symbol (${String(value.description)})`);
  if (value === null || typeof value !== 'object') return value;
  if (!isPlainObject(value) && !Array.isArray(value)) {
    if (isOpaque(value)) return value;
    const bad = refusedObject(value);
    if (bad !== undefined) throw new Refusal(bad);
  }
  if (depth > MAX_WIRE_DEPTH) throw tooDeep;
  for (const c of codecs) {
    if (!c.is(value)) continue;
    if (c.module !== undefined) modules?.add(c.module);
    return { [WIRE_TAG]: c.name, payload: c.encode(value) };
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      let e: unknown;
      try {
        e = encodeAt(value[i], modules, depth + 1);
      } catch (err) {
        throw within(err, `[${i}]`);
      }
      if (e !== value[i]) (out ??= value.slice())[i] = e;
    }
    return out ?? value;
  }
  if (value instanceof Map) {
    let changed = false;
    const out = new Map();
    for (const [k, v] of value) {
      let e: unknown;
      try {
        e = encodeAt(v, modules, depth + 1);
      } catch (err) {
        throw within(err, mapSegment(k));
      }
      changed ||= e !== v;
      out.set(k, e);
    }
    return changed ? out : value;
  }
  // A plain object, or anything else structured clone turns into one (class instances): its own
  // enumerable fields are what arrives.
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(obj)) {
    let e: unknown;
    try {
      e = encodeAt(obj[k], modules, depth + 1);
    } catch (err) {
      throw within(err, `.${k}`);
    }
    if (e !== obj[k]) (out ??= { ...obj })[k] = e;
  }
  if (Object.prototype.propertyIsEnumerable.call(obj, WIRE_TAG)) return { [WIRE_TAG]: ESCAPED, object: out ?? { ...obj } };
  return out ?? value;
}

/**
 * Replace registered class instances (at any depth of arrays/objects/Maps) by tagged payloads,
 * and escape data that looks like one. `modules`, when given, collects the module URLs of the
 * codecs used: send them along for the receiver's `loadWireCodecs`.
 */
export function encodeWire(value: unknown, modules?: Set<string>): unknown {
  try {
    return encodeAt(value, modules, 0);
  } catch (e) {
    if (e === tooDeep) throw new RangeError(cycleIn(value) ?? `encodeWire: value is nested more than ${MAX_WIRE_DEPTH} levels deep (arrays, objects, Maps) and cannot cross threads`);
    if (!(e instanceof Refusal)) throw e;
    const where = e.path.length ? `value${e.path.reverse().join('')}` : 'the value';
    throw new DOMException(`encodeWire: ${where} is ${e.what}, which cannot be cloned to another thread`, 'DataCloneError');
  }
}

/** True when this thread has a codec that registered from `module`. */
function hasCodecsOf(module: string): boolean {
  return codecs.some((c) => c.module === module);
}

/**
 * Import the codec modules the sending thread listed (its `encodeWire(value, modules)`) that this
 * thread has not registered yet; then `decodeWire` works. Only ever pass a list made by
 * `encodeWire` in a thread of this process, never URLs found in data.
 */
export async function loadWireCodecs(modules: Iterable<string>): Promise<void> {
  for (const m of modules) if (!hasCodecsOf(m)) await import(m);
}

function decodeFields(obj: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(obj)) obj[k] = decodeWire(obj[k]);
  return obj;
}

/**
 * Inverse of `encodeWire`: rebuild tagged payloads into instances of their registered class, and
 * escaped objects into the plain objects they were. Works in place on `value`, which is a fresh
 * structured clone when it comes off a channel.
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
  if (!isPlainObject(value)) return value;
  if (!Object.hasOwn(value, WIRE_TAG)) return decodeFields(value);
  const tag = value[WIRE_TAG];
  if (tag === ESCAPED && value.object !== null && typeof value.object === 'object') {
    return decodeFields(value.object as Record<string, unknown>);
  }
  if (typeof tag !== 'string') throw new TypeError(`decodeWire: malformed wire value (tag ${JSON.stringify(tag)}): it was not made by encodeWire`);
  const c = codecs.find((x) => x.name === tag);
  if (!c) throw new Error(`decodeWire: no codec registered for wire type '${tag}'`);
  return c.decode(value.payload);
}
