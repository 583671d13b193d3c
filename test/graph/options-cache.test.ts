/**
 * `parseOptions`' fast path (options-cache.ts): zod runs once per schema and option values, not
 * on every op call; a changed options object, an error, or a schema that runs user code always
 * goes through zod, so results, defaults and messages are exactly zod's.
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';
import { sampleAllocations, totalBytes } from '../helpers/index.ts';

const opSchema = () => z.strictObject({
  sigma: z.union([z.number().min(0), z.array(z.number().min(0))]).default(1),
  mode: z.enum(['reflect', 'nearest']).default('nearest'),
  truncate: z.number().positive().default(4),
  channelAxis: z.int().nullable().optional(),
});

describe('parseOptions on repeated calls', () => {
  it('runs zod once for the same option values, whether undefined, {} or a fresh object each call', () => {
    const schema = opSchema();
    const spy = vi.spyOn(schema, 'safeParse');
    for (let i = 0; i < 5; i++) expect(parseOptions('op', schema, undefined)).toEqual({ sigma: 1, mode: 'nearest', truncate: 4 });
    for (let i = 0; i < 5; i++) expect(parseOptions('op', schema, { sigma: 10 })).toEqual({ sigma: 10, mode: 'nearest', truncate: 4 });
    // undefined and {} are the same options (the first call parsed `{}`); { sigma: 10 } is a second entry.
    expect(parseOptions('op', schema, {})).toEqual({ sigma: 1, mode: 'nearest', truncate: 4 });
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('sees a changed options object: the same object with a new value gives the new result', () => {
    const schema = opSchema();
    const options: Record<string, unknown> = { sigma: 2 };
    expect(parseOptions('op', schema, options).sigma).toBe(2);
    options.sigma = 3;
    expect(parseOptions('op', schema, options).sigma).toBe(3);
    options.mode = 'reflect';
    expect(parseOptions('op', schema, options)).toEqual({ sigma: 3, mode: 'reflect', truncate: 4 });
    options.sigma = -1;
    expect(() => parseOptions('op', schema, options)).toThrow(`op: option 'sigma'`);
  });

  it('gives the same error message on every call (errors are never stored)', () => {
    const schema = opSchema();
    const message = (() => { try { parseOptions('op', schema, { sigma: -1 }); } catch (e) { return (e as Error).message; } })();
    expect(message).toContain(`op: option 'sigma'`);
    for (let i = 0; i < 3; i++) expect(() => parseOptions('op', schema, { sigma: -1 })).toThrow(message);
    expect(() => parseOptions('op', schema, { sigmaa: 1 })).toThrow(`op: options Unrecognized key: "sigmaa"`);
    expect(() => parseOptions('op', schema, { sigmaa: 1 })).toThrow(`op: options Unrecognized key: "sigmaa"`);
  });

  it('keeps values a lookup could confuse apart: -0, a key set to undefined, arrays', () => {
    const schema = opSchema();
    expect(Object.is(parseOptions('op', schema, { sigma: 0 }).sigma, 0)).toBe(true);
    expect(Object.is(parseOptions('op', schema, { sigma: -0 }).sigma, -0)).toBe(true);
    expect(parseOptions('op', schema, { channelAxis: null })).toEqual({ sigma: 1, mode: 'nearest', truncate: 4, channelAxis: null });
    expect(Object.hasOwn(parseOptions('op', schema, { channelAxis: undefined }), 'channelAxis')).toBe(Object.hasOwn(schema.parse({ channelAxis: undefined }), 'channelAxis'));
    const list = [1, 2];
    expect(parseOptions('op', schema, { sigma: list }).sigma).toEqual([1, 2]);
    list[0] = 5;
    expect(parseOptions('op', schema, { sigma: list }).sigma).toEqual([5, 2]);
  });

  it('hands out a shared result frozen, so no caller can change what the next one gets', () => {
    const schema = opSchema();
    parseOptions('op', schema, { sigma: 4 });
    const o = parseOptions('op', schema, { sigma: 4 }) as { sigma: number };
    expect(() => { o.sigma = 5; }).toThrow(TypeError);
    expect(parseOptions('op', schema, { sigma: 4 }).sigma).toBe(4);
  });

  it('parses with zod on every call when the schema runs user code (refine, instanceof, transform)', () => {
    let seen = 0;
    const refined = z.strictObject({ n: z.number().refine(() => ++seen > 0) });
    for (let i = 0; i < 3; i++) parseOptions('op', refined, { n: 1 });
    expect(seen).toBe(3);
    let transformed = 0;
    const transform = z.strictObject({ s: z.string().transform((s) => `${s}${++transformed}`) });
    expect(parseOptions('op', transform, { s: 'a' }).s).toBe('a1');
    expect(parseOptions('op', transform, { s: 'a' }).s).toBe('a2');
    class Box {}
    const inst = z.strictObject({ b: z.instanceof(Box).optional(), k: z.number().default(1) });
    const spy = vi.spyOn(inst, 'safeParse');
    parseOptions('op', inst, undefined);
    parseOptions('op', inst, undefined);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('allocates next to nothing per call once the values were seen (zod made ~1 KB of garbage a call)', async () => {
    const schema = opSchema();
    const calls = 2000;
    const options = { sigma: 10 };
    for (let i = 0; i < 200; i++) parseOptions('op', schema, options);
    const profile = await sampleAllocations(() => {
      for (let i = 0; i < calls; i++) parseOptions('op', schema, options);
    });
    expect(totalBytes(profile) / calls).toBeLessThan(64);
  });
});
