import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromArray, io, NDArray, zeros } from 'dusk-image-ops';
import { ndimage as ndi } from 'dusk-image-ops/testing';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/ndimage');
const load = (f: string) => io.parseNpy(new Uint8Array(readFileSync(join(dir, f))), f);

interface Case { id: string; op: string; input: string; args: Record<string, unknown>; output: string; extra?: string }
const cases = (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: Case[] }).cases;

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the tests pass deliberately wrong options

function run(c: Case): NDArray {
  const x = load(c.input);
  const a = c.args as Any;
  switch (c.op) {
    case 'gaussianFilter1d': return ndi.gaussianFilter1d(x, a.sigma, a);
    case 'gaussianFilter': return ndi.gaussianFilter(x, a.sigma, a);
    case 'gaussianLaplace': return ndi.gaussianLaplace(x, a.sigma, a);
    case 'correlate1d': return ndi.correlate1d(x, a.weights, a);
    case 'uniformFilter': return ndi.uniformFilter(x, a.size, a);
    case 'sobel': return ndi.sobel(x, a);
    case 'prewitt': return ndi.prewitt(x, a);
    case 'medianFilter': return ndi.medianFilter(x, c.extra ? { ...a, footprint: load(c.extra) } : a);
    case 'rankFilter': return ndi.rankFilter(x, a.rank, a);
    case 'maximumFilter': return ndi.maximumFilter(x, a);
    case 'minimumFilter': return ndi.minimumFilter(x, a);
    case 'genericFilter': return ndi.genericFilter(x, (v) => Math.max(...v) - Math.min(...v), a);
    default: throw new Error(`unknown op ${c.op}`);
  }
}


describe('core/ndimage against scipy.ndimage 1.10 golden outputs', () => {
  it.each(cases.map((c) => [c.id, c] as const))('matches scipy for %s', (_id, c) => {
    const got = run(c);
    const want = load(c.output);
    expect(got).toMatchShape(want.shape);
    expect(got.dtype).toBe(want.dtype);
    expect(got).toBeCloseToArray(want, { atol: 1e-12 });
  });
});

describe('boundary modes', () => {
  const line = [1, 2, 3, 4];
  const ext = (mode: ndi.BoundaryMode, before: number, after: number, cval = 9) => {
    const buf = new Float64Array(before + line.length + after);
    buf.set(line, before);
    ndi.extendLine(buf, line.length, before, after, mode, cval);
    return Array.from(buf);
  };

  it('extends a line as scipy does in each of the five modes', () => {
    expect(ext('reflect', 4, 4)).toEqual([4, 3, 2, 1, 1, 2, 3, 4, 4, 3, 2, 1]);
    expect(ext('mirror', 3, 3)).toEqual([4, 3, 2, 1, 2, 3, 4, 3, 2, 1]);
    expect(ext('nearest', 2, 2)).toEqual([1, 1, 1, 2, 3, 4, 4, 4]);
    expect(ext('wrap', 2, 3)).toEqual([3, 4, 1, 2, 3, 4, 1, 2, 3]);
    expect(ext('constant', 2, 1)).toEqual([9, 9, 1, 2, 3, 4, 9]);
  });

  it('keeps reflecting when the extension is longer than the line', () => {
    expect(ext('reflect', 9, 0)).toEqual([1, 1, 2, 3, 4, 4, 3, 2, 1, 1, 2, 3, 4]);
    expect(ext('mirror', 0, 8)).toEqual([1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2]);
    expect(ext('wrap', 6, 0)).toEqual([3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
  });

  it('treats a one-pixel line in mirror mode as nearest', () => {
    const buf = Float64Array.of(0, 0, 5, 0, 0);
    ndi.extendLine(buf, 1, 2, 2, 'mirror', 0);
    expect(Array.from(buf)).toEqual([5, 5, 5, 5, 5]);
  });

  it('maps indices one at a time consistently with extendLine', () => {
    for (const mode of ['reflect', 'mirror', 'nearest', 'wrap'] as const) {
      for (const n of [1, 2, 3, 5]) {
        const buf = new Float64Array(20 + n + 20);
        for (let i = 0; i < n; i++) buf[20 + i] = i;
        ndi.extendLine(buf, n, 20, 20, mode, -1);
        for (let p = -20; p < n + 20; p++) expect(ndi.mapIndex(p, n, mode)).toBe(buf[20 + p]);
      }
    }
    expect(ndi.mapIndex(-1, 4, 'constant')).toBe(-1);
  });
});

describe('correlation and Gaussian filters', () => {
  it('builds scipy Gaussian kernels that sum to one, and derivative kernels', () => {
    const k = ndi.gaussianKernel1d(2, 0, 8);
    expect(k.length).toBe(17);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(k[0]).toBe(k[16]);
    const d1 = ndi.gaussianKernel1d(2, 1, 8);
    expect(d1[8]).toBe(0);
    expect(d1[0]).toBeCloseTo(-d1[16]!, 15);
    expect(ndi.gaussianRadius(3, 4)).toBe(12);
  });

  it('filters each axis with its own sigma and skips axes with sigma 0', () => {
    const a = zeros([5, 7]);
    a.set([2, 3], 1);
    const rowsOnly = ndi.gaussianFilter(a, [0, 1]);
    const col = Array.from({ length: 5 }, (_, i) => rowsOnly.get(i, 3));
    expect(col).toEqual([0, 0, rowsOnly.get(2, 3), 0, 0]);
    expect(rowsOnly.get(2, 2)).toBeGreaterThan(0);
  });

  it('keeps the input dtype and rounds float32 after each pass', () => {
    const a = fromArray([[0.1, 0.7, 0.3], [0.9, 0.2, 0.5]], { dtype: 'float32' });
    const g = ndi.gaussianFilter(a, 1);
    expect(g.dtype).toBe('float32');
    const u = ndi.gaussianFilter(fromArray([[10, 200], [30, 40]], { dtype: 'uint8' }), 1);
    expect(u.dtype).toBe('uint8');
    expect(ndi.gaussianFilter(a, 1, { output: 'float64' }).dtype).toBe('float64');
  });

  it('computes the whole array when the input is a strided view', () => {
    const a = zeros([6, 8]);
    for (let i = 0; i < a.size; i++) a.data[i] = (i * 37) % 11;
    const v = a.view([[1, 5], [0, 8, 2]]);
    expect(ndi.gaussianFilter(v, 1)).toEqualArray(ndi.gaussianFilter(v.copy(), 1));
  });

  it('writes its outputs on SharedArrayBuffers', () => {
    const a = zeros([4, 4]);
    expect(ndi.gaussianFilter(a, 1).data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(ndi.medianFilter(a, { size: 3 }).data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(ndi.uniformFilter(a, 3).data.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('handles lines longer than the workspace by chunks', () => {
    const n = 300_000;
    const a = zeros([n]);
    for (let i = 0; i < n; i++) a.data[i] = Math.sin(i / 7);
    const g = ndi.gaussianFilter1d(a, 3);
    const w = ndi.gaussianKernel1d(3, 0, 12);
    for (const i of [0, 5, 262_100, 262_143, 262_144, 299_999]) {
      let s = 0;
      for (let k = -12; k <= 12; k++) s += w[k + 12]! * a.data[ndi.mapIndex(i + k, n, 'reflect')]!;
      expect(g.data[i]).toBeCloseTo(s, 12);
    }
  });
});

describe('rank filters', () => {
  it('selects the median of a footprint and keeps the dtype', () => {
    const a = fromArray([[1, 9, 3], [7, 5, 2], [4, 8, 6]], { dtype: 'uint8' });
    const m = ndi.medianFilter(a, { size: 3, mode: 'constant', cval: 0 });
    expect(m.dtype).toBe('uint8');
    expect(m.get(1, 1)).toBe(5);
    expect(m.get(0, 0)).toBe(0);
  });

  it('takes the 3×3 fast path and the general path to the same answer', () => {
    const a = zeros([13, 17]);
    for (let i = 0; i < a.size; i++) a.data[i] = ((i * 7919) % 101) / 7;
    const fast = ndi.medianFilter(a, { size: 3, mode: 'wrap' });
    const general = ndi.rankFilter(a, 4, { footprint: fromArray([[1, 1, 1], [1, 1, 1], [1, 1, 1]], { dtype: 'bool' }), mode: 'wrap', origin: 0 });
    expect(fast).toEqualArray(general);
    a.data[5] = NaN; // NaN disables the fast path; the result follows scipy's selection
    expect(ndi.medianFilter(a, { size: 3 }).shape).toEqual([13, 17]);
  });

  it('rejects footprints that do not fit the input', () => {
    const a = zeros([4, 4]);
    expect(() => ndi.medianFilter(a, { footprint: zeros([3]) })).toThrow(/footprint shape \[3\] does not match the 2-D input/);
    expect(() => ndi.medianFilter(a)).toThrow(/no footprint or filter size provided/);
    expect(() => ndi.rankFilter(a, 9, { size: 3 })).toThrow(/rank 9 is not within the footprint size 9/);
    expect(() => ndi.rankFilter(a, 0, { size: 3, origin: 2 })).toThrow(/invalid origin 2/);
    expect(() => ndi.medianFilter(a, { size: [3, 0] })).toThrow(/option 'size' must hold positive integers/);
  });
});

describe('argument errors', () => {
  const a = zeros([4, 5]);
  it('names the function and the argument', () => {
    expect(() => ndi.gaussianFilter(a, -1)).toThrow(/gaussianFilter: option 'sigma' must be non-negative, received -1/);
    expect(() => ndi.gaussianFilter(a, [1, 2, 3])).toThrow(/gaussianFilter: option 'sigma' must have one value per axis \(2\), received 3 values/);
    expect(() => ndi.gaussianFilter(a, 1, { mode: 'edge' as ndi.BoundaryMode })).toThrow(/option 'mode' must be one of 'reflect', 'mirror', 'nearest', 'wrap', 'constant', received "edge"/);
    expect(() => ndi.correlate1d(a, [1, 2, 3], { axis: 2 })).toThrow(/correlate1d: option 'axis' must be an integer axis in \[-2, 1\], received 2/);
    expect(() => ndi.correlate1d(a, [1, 2, 3], { origin: 2 })).toThrow(/origin must be an integer in \[-1, 1\] for 3 weights, received 2/);
    expect(() => ndi.correlate1d(a, [])).toThrow(/no filter weights given/);
    expect(() => ndi.uniformFilter1d(a, 0)).toThrow(/size must be a positive integer, received 0/);
    expect(() => ndi.gaussianFilter(null as unknown as NDArray, 1)).toThrow(/gaussianFilter: input must be an NDArray, received null/);
  });
});
