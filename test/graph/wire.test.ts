/**
 * The wire codecs on their own: what `encodeWire` writes, what `decodeWire` makes of it after a
 * structured clone, and which codec modules a sender reports.
 */
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { registerWireType } from 'dusk-graph';
import { decodeWire, encodeWire, TaskRef } from 'dusk-graph/internal';

const roundTrip = (v: unknown, modules?: Set<string>) => decodeWire(structuredClone(encodeWire(v, modules)));

class Box {
  constructor(readonly v: number) {}
}
registerWireType<Box, number>({
  name: 'test.Box',
  module: 'file:///box-module.js',
  is: (v): v is Box => v instanceof Box,
  encode: (b) => b.v,
  decode: (v) => new Box(v),
});

describe('wire codecs', () => {
  it('encodes repeats of a small integer payload as one shared frozen object, which structured clone sends once', () => {
    const refs = Array.from({ length: 300 }, (_, i) => [new TaskRef(i % 2), { sigma: 10 }]);
    const wire = encodeWire(refs) as [object, object][];
    expect(wire[0]![0]).toBe(wire[2]![0]);
    expect(wire[1]![0]).toBe(wire[3]![0]);
    expect(wire[0]![0]).not.toBe(wire[1]![0]);
    expect(Object.isFrozen(wire[0]![0])).toBe(true);
    // Each fresh copy would add its tag, name and payload; a back-reference is a few bytes.
    const fresh = refs.map(([, o], i) => [{ __duskWire: 'TaskRef', payload: i % 2 }, o]);
    expect(serialize(wire).length).toBeLessThan(serialize(fresh).length * 0.7);
    const back = decodeWire(structuredClone(wire)) as [TaskRef, object][];
    expect(back[0]![0]).toBeInstanceOf(TaskRef);
    expect(back[0]![0]).toBe(back[2]![0]); // immutable, so decoded to the shared TaskRef of its index (core/taskref.ts)
    expect(back.map(([r]) => r.index)).toEqual(refs.map((_, i) => i % 2));
  });

  it('warns once per class when an instance without a codec would lose its class on the other side', async () => {
    class PointNoCodec { constructor(readonly x: number) {} norm() { return Math.abs(this.x); } }
    const seen: Error[] = [];
    const listen = (w: Error) => void (w.name === 'DuskWireWarning' && seen.push(w));
    process.on('warning', listen);
    try {
      encodeWire([new PointNoCodec(1), { p: new PointNoCodec(2) }, new Box(3), { plain: true }, new Date(0)]);
      encodeWire(new PointNoCodec(4));
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', listen);
    }
    expect(seen.map((w) => w.message)).toEqual([expect.stringMatching(/^an instance of PointNoCodec crosses to another thread as a plain object of its fields: .* registerWireType/)]);
  });

  it('encodes other payloads (large, negative, fractional, -0, not numbers) as fresh objects that decode to what they were', () => {
    for (const v of [1e6, -1, 0.5, -0, Number.NaN]) {
      const a = encodeWire(new Box(v)), b = encodeWire(new Box(v));
      expect(a).not.toBe(b);
      expect(Object.is((decodeWire(structuredClone(a)) as Box).v, v)).toBe(true);
    }
  });

  it('rebuilds registered classes at any depth and reports the modules of the codecs used', () => {
    const modules = new Set<string>();
    const back = roundTrip({ a: [new Box(1)], m: new Map([['k', new Box(2)]]) }, modules) as { a: Box[]; m: Map<string, Box> };
    expect(back.a[0]).toEqual(new Box(1));
    expect(back.a[0]).toBeInstanceOf(Box);
    expect(back.m.get('k')).toBeInstanceOf(Box);
    expect([...modules]).toEqual(['file:///box-module.js']);
  });

  it('reports no module for data that holds no registered class, however it is shaped', () => {
    const modules = new Set<string>();
    roundTrip(JSON.parse('{"__duskWire":"test.Box","module":"data:text/javascript,throw 1","payload":3}'), modules);
    expect(modules.size).toBe(0);
  });

  it('returns data shaped like an encoded value as the plain object it was', () => {
    const forged = JSON.parse('{"__duskWire":"test.Box","payload":3,"module":"data:text/javascript,throw 1"}') as unknown;
    expect(roundTrip(forged)).toEqual(forged);
    expect(roundTrip([{ deep: forged }])).toEqual([{ deep: forged }]);
    // Even the escape form itself, and a registered class inside a wire-shaped object.
    const escaped = { __duskWire: 0, object: { __duskWire: 'test.Box', payload: 1 } };
    expect(roundTrip(escaped)).toEqual(escaped);
    const mixed = roundTrip({ __duskWire: 'x', inner: new Box(5) }) as { inner: Box };
    expect(mixed).toEqual({ __duskWire: 'x', inner: new Box(5) });
    expect(mixed.inner).toBeInstanceOf(Box);
  });

  it('never turns data into a task reference', () => {
    const back = roundTrip([{ __duskWire: 'TaskRef', payload: 0 }, new TaskRef(1)]) as unknown[];
    expect(back[0]).not.toBeInstanceOf(TaskRef);
    expect(back[0]).toEqual({ __duskWire: 'TaskRef', payload: 0 });
    expect(back[1]).toEqual(new TaskRef(1));
  });

  it('keeps an own __proto__ key as data instead of setting a prototype', () => {
    const v = JSON.parse('{"__duskWire":"test.Box","__proto__":{"polluted":true}}') as object;
    const back = roundTrip(v) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__duskWire', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('escapes class instances with a tag field, which structured clone turns into plain objects', () => {
    class Sneaky {
      __duskWire = 'test.Box';
      payload = 9;
    }
    const back = roundTrip({ s: new Sneaky() }) as { s: unknown };
    expect(back.s).not.toBeInstanceOf(Box);
    expect(back.s).toEqual({ __duskWire: 'test.Box', payload: 9 });
  });

  it('refuses a value nested deeper than it can cross threads, saying so', () => {
    let deep: unknown = [];
    for (let i = 0; i < 3000; i++) deep = [deep];
    expect(() => encodeWire(deep)).toThrow(/nested more than 1000 levels deep/);
    let ok: unknown = 1;
    for (let i = 0; i < 900; i++) ok = { next: ok };
    expect(roundTrip(ok)).toEqual(ok);
  });

  it('refuses a cyclic value, naming the cycle instead of its depth', () => {
    const a: { x: unknown[] } = { x: [1] };
    a.x.push(a);
    expect(() => encodeWire({ top: a })).toThrow('encodeWire: value.top.x[1] refers back to value.top (a cycle); cyclic values cannot cross threads');
    const m = new Map<string, unknown>();
    m.set('self', [m]);
    expect(() => encodeWire(m)).toThrow(/value\.get\("self"\)\[0\] refers back to value \(a cycle\)/);
  });

  it('refuses a malformed tag that no encoder wrote, and an unknown codec name, with clear errors', () => {
    expect(() => decodeWire({ __duskWire: 7 })).toThrow(/malformed wire value \(tag 7\)/);
    expect(() => decodeWire({ __duskWire: 'nope', payload: 1 })).toThrow(/no codec registered for wire type 'nope'/);
    expect(() => registerWireType({ name: '', is: (_v): _v is never => false, encode: () => 0, decode: () => 0 })).toThrow(/name must be a non-empty string/);
  });

  it('refuses what structured clone would refuse, saying what and where', () => {
    const refusal = (v: unknown) => {
      try {
        encodeWire(v);
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
      return 'encoded';
    };
    expect(refusal({ a: [1, { f: function named() {} }] })).toBe("DataCloneError: encodeWire: value.a[1].f is a function ('named'), which cannot be cloned to another thread");
    expect(refusal(new Map([['k', Symbol('s')]]))).toBe('DataCloneError: encodeWire: value.get("k") is a symbol (s), which cannot be cloned to another thread');
    expect(refusal([Promise.resolve(1)])).toMatch(/value\[0\] is a Promise/);
    expect(refusal(new WeakMap())).toMatch(/the value is a WeakMap/);
    expect(refusal(new Set([1, () => 1]))).toBe('DataCloneError: encodeWire: value.values()[1] is a function, which cannot be cloned to another thread');
    expect(refusal(new Map<unknown, string>([[1, 'a'], [{ f: Symbol('k') }, 'b']]))).toMatch(/value\.keys\(\)\[1\]\.f is a symbol \(k\)/);
  });
});
