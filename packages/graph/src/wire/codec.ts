/**
 * Wire codecs: how class instances survive a trip between threads.
 *
 * `postMessage` uses structured clone, which keeps typed arrays on SharedArrayBuffers shared (no
 * copy) but drops prototypes: an `NDArray` arrives as a plain object (DESIGN.md §4). A package
 * that owns such a class registers a codec for it; the scheduler calls `encodeWire` before posting
 * and `decodeWire` after receiving, on both sides of the channel. Both walk arrays, plain objects,
 * Sets and Maps, Map keys included (the containers of `core/walk.ts`: the shapes task arguments
 * and results take) and leave everything else to structured clone. Registration happens when the owning module is imported, which a worker does when it
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
 * `postMessage` (`limits.ts`).
 *
 * An encoded value whose payload is a small non-negative integer (a `TaskRef`'s index) is one
 * frozen object per codec name and payload, made once per thread (`tagged`): a batch of 300 tasks
 * referring to their batch's results carries the same few objects many times, which structured
 * clone writes once each and then as back-references (a batch message of 3 000 × 40² images
 * shrinks by about a third, and the receiver builds fewer objects). Nothing mutates encoded values.
 *
 * An instance of a class without a codec would silently arrive as a plain object: the first one
 * of each class is reported with a process warning (`DuskWireWarning`) naming it and the fix.
 *
 * State: one per-thread list of codecs, searched in registration order, the shared encodings
 * of small integer payloads, and the classes warned about.
 */
import { childSegment, isContainer, mapChildren, mapFields } from '../core/walk.ts';
import { isPlainObject } from '../util/guards.ts';
import { cycleIn, isOpaque, MAX_WIRE_DEPTH, Refusal, refusedObject, tooDeep, within } from './limits.ts';
import { showValue } from '../util/options.ts';

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
/** The parent of the top-level value (never printed: a refusal at the top has an empty path). */
const NO_PARENT = Object.freeze({});
export { MAX_WIRE_DEPTH };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds codecs of every value type
const codecs: WireType<any, any>[] = [];

/** Register a codec; registering the same name again replaces the earlier one. */
export function registerWireType<T, P>(type: WireType<T, P>): void {
  if (typeof type.name !== 'string' || type.name === '') {
    throw new TypeError(`registerWireType: name must be a non-empty string, received ${showValue(type.name)}`);
  }
  const i = codecs.findIndex((c) => c.name === type.name);
  if (i >= 0) codecs[i] = type;
  else codecs.push(type);
}

/** Payloads 0 .. SHARED_INTS - 1 of each codec are encoded as one shared frozen object each. */
const SHARED_INTS = 1024;
const sharedTagged = new Map<string, object[]>();

/** The encoded form of a codec's payload (shared when it is a small non-negative integer). */
function tagged(name: string, payload: unknown): object {
  if (typeof payload !== 'number' || !Number.isInteger(payload) || payload < 0 || payload >= SHARED_INTS || Object.is(payload, -0)) {
    return { [WIRE_TAG]: name, payload };
  }
  let byInt = sharedTagged.get(name);
  if (byInt === undefined) sharedTagged.set(name, (byInt = []));
  return (byInt[payload] ??= Object.freeze({ [WIRE_TAG]: name, payload }));
}

/** The encoder's walk: codec modules used, current depth, and the object whose children are being encoded. */
interface Encoding {
  readonly modules: Set<string> | undefined;
  depth: number;
  parent: object;
}

function encodeAt(value: unknown, ctx: Encoding): unknown {
  if (typeof value === 'function') throw new Refusal(`a function${value.name ? ` ('${value.name}')` : ''}`);
  if (typeof value === 'symbol') throw new Refusal(`a symbol (${String(value.description)})`);
  if (value === null || typeof value !== 'object') return value;
  const container = isContainer(value);
  if (!container) {
    if (isOpaque(value)) return value;
    const bad = refusedObject(value);
    if (bad !== undefined) throw new Refusal(bad);
  }
  if (ctx.depth > MAX_WIRE_DEPTH) throw tooDeep;
  for (const c of codecs) {
    if (!c.is(value)) continue;
    if (c.module !== undefined) ctx.modules?.add(c.module);
    return tagged(c.name, c.encode(value));
  }
  if (!container) warnIfClassLost(value);
  const parent = ctx.parent;
  ctx.parent = value;
  ctx.depth++;
  let out: object;
  try {
    // A class instance arrives as a plain object of its own enumerable fields: those are walked.
    out = container ? mapChildren(value, encodeChild, ctx) : mapFields(value, encodeChild, ctx);
  } finally {
    ctx.parent = parent;
    ctx.depth--;
  }
  if (Array.isArray(value) || value instanceof Map || value instanceof Set) return out;
  if (Object.prototype.propertyIsEnumerable.call(value, WIRE_TAG)) return { [WIRE_TAG]: ESCAPED, object: out === value ? { ...value } : out };
  return out;
}

/** Classes already warned about (once per class name and thread). */
const warnedClasses = new Set<string>();

/**
 * An instance of a class no codec knows arrives on the other side as a plain object of its own
 * fields (structured clone drops prototypes): its methods, getters and `instanceof` are lost, which
 * the `sync` scheduler would never show. Say so once per class, with the fix.
 */
function warnIfClassLost(value: object): void {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  const cls = typeof name === 'string' && name !== '' ? name : '(anonymous class)';
  if (warnedClasses.has(cls)) return;
  warnedClasses.add(cls);
  process.emitWarning(
    `an instance of ${cls} crosses to another thread as a plain object of its fields: its methods, getters and instanceof are lost there. `
    + `Register the class with registerWireType (dusk-graph) to send it as itself, or pass plain data.`,
    'DuskWireWarning',
  );
}

function encodeChild(value: unknown, ctx: Encoding, key: unknown): unknown {
  try {
    return encodeAt(value, ctx);
  } catch (err) {
    throw within(err, childSegment(ctx.parent, key));
  }
}

/**
 * Replace registered class instances (at any depth of arrays/objects/Sets/Maps, Map keys included) by tagged payloads,
 * and escape data that looks like one. `modules`, when given, collects the module URLs of the
 * codecs used: send them along for the receiver's `loadWireCodecs`.
 */
export function encodeWire(value: unknown, modules?: Set<string>): unknown {
  try {
    return encodeAt(value, { modules, depth: 0, parent: NO_PARENT });
  } catch (e) {
    if (e === tooDeep) throw new RangeError(cycleIn(value) ?? `encodeWire: value is nested more than ${MAX_WIRE_DEPTH} levels deep (arrays, objects, Sets, Maps) and cannot cross threads`);
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


/**
 * Inverse of `encodeWire`: rebuild tagged payloads into instances of their registered class, and
 * escaped objects into the plain objects they were. Containers are copied only where something
 * was rebuilt (`core/walk.ts`).
 */
export function decodeWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (!isPlainObject(value) || !Object.hasOwn(value, WIRE_TAG)) return mapChildren(value, decodeWire, undefined);
  const tag = value[WIRE_TAG];
  const escaped = value.object;
  if (tag === ESCAPED && escaped !== null && typeof escaped === 'object' && isPlainObject(escaped)) return mapChildren(escaped, decodeWire, undefined);
  if (typeof tag !== 'string') throw new TypeError(`decodeWire: malformed wire value (tag ${JSON.stringify(tag)}): it was not made by encodeWire`);
  const c = codecs.find((x) => x.name === tag);
  if (!c) throw new Error(`decodeWire: no codec registered for wire type '${tag}'`);
  return c.decode(value.payload);
}
