import { afterEach, describe, expect, it } from 'vitest';
import { NDArray, allocate, type DType } from 'dusk-image-ops';
import { ndimage as ndi, setSimd } from 'dusk-image-ops/testing';
import { randomArray, seededRandom } from '../helpers/index.ts';

const filled = (shape: number[], dtype: DType, seed: number): NDArray =>
  randomArray(shape, { dtype, seed, ...(dtype.startsWith('float') ? { low: -1, high: 3 } : { low: 0, high: 200 }) });

/** Store `v` as `dtype` would (float32 rounding, integer C-cast wrap, bool). */
function storeAs(dtype: DType, v: number): number {
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  const a = allocate(dtype, 1, { shared: false });
  a[0] = v;
  return a[0]!;
}

/**
 * Independent reference: one correlation pass along `axis` of a C-ordered array, each output
 * computed from `mapIndex` with scipy's order of additions, stored as `dtype`.
 */
function refPass(x: ArrayLike<number>, shape: number[], axis: number, w: Float64Array, mode: ndi.BoundaryMode, cval: number, dtype: DType): Float64Array {
  const n = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = new Float64Array(x.length);
  const fs = w.length, h = fs >> 1, sym = ndi.kernelSymmetry(w);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      const ext = (p: number) => {
        const q = ndi.mapIndex(p, n, mode);
        return q < 0 ? cval : x[(o * n + q) * inner + c]!;
      };
      for (let i = 0; i < n; i++) {
        let acc: number;
        if (sym !== 0) {
          acc = ext(i) * w[h]!;
          for (let k = h; k >= 1; k--) acc = acc + (sym > 0 ? ext(i - k) + ext(i + k) : ext(i - k) - ext(i + k)) * w[h - k]!;
        } else {
          acc = ext(i + fs - 1 - h) * w[fs - 1]!;
          for (let t = 0; t < fs - 1; t++) acc = acc + ext(i + t - h) * w[t]!;
        }
        out[(o * n + i) * inner + c] = storeAs(dtype, acc);
      }
    }
  }
  return out;
}

const MODES: ndi.BoundaryMode[] = ['reflect', 'mirror', 'nearest', 'wrap', 'constant'];
const KERNELS: Record<string, Float64Array> = {
  symmetric: ndi.gaussianKernel1d(1.5, 0, 6).reverse(),
  antisymmetric: Float64Array.of(-0.25, -0.5, 0, 0.5, 0.25),
  general: Float64Array.of(0.3, -0.7, 1.1, 0.2),
  single: Float64Array.of(0.75),
};

afterEach(() => { setSimd(true); });

describe('separable passes against an independent reference', () => {
  it.each(MODES)('runs every pass in place after the first and keeps the rows the border needs (%s)', (mode) => {
    for (const [name, w] of Object.entries(KERNELS)) {
      for (const shape of [[3, 17, 11], [2, 5, 3], [9, 1, 13]]) {
        for (const dtype of ['float32', 'float64', 'int16'] as DType[]) {
          const x = filled(shape, dtype, shape[0]! * 7 + shape[1]!);
          const passes = shape.map((_, axis) => ({ axis, weights: w, mode, cval: 0.5 }));
          const got = ndi.separableCorrelate('test', x, passes, dtype);
          let want: ArrayLike<number> = x.values();
          for (const p of passes) want = refPass(want, shape, p.axis, w, mode, 0.5, dtype);
          expect(got.values(), `${name} ${dtype} [${shape}]`).toEqualArray(want, { signedZeros: true });
        }
      }
    }
  });

  it('gives the same bits with the WebAssembly and the JavaScript kernels', () => {
    const r = seededRandom(3);
    for (let t = 0; t < 40; t++) {
      const shape = [1 + Math.floor(r() * 4), 1 + Math.floor(r() * 40), 1 + Math.floor(r() * 40)];
      const dtype: DType = r() < 0.5 ? 'float32' : 'float64';
      const x = filled(shape, dtype, t);
      const w = Object.values(KERNELS)[t % 4]!;
      const mode = MODES[t % 5]!;
      const passes = [0, 1, 2].map((axis) => ({ axis, weights: w, mode, cval: 0 }));
      setSimd(false);
      const js = ndi.separableCorrelate('test', x, passes, dtype).values();
      const simd = setSimd(true);
      const wasm = ndi.separableCorrelate('test', x, passes, dtype).values();
      expect(simd).toBe(true);
      expect(js, `case ${t}`).toEqualArray(wasm, { signedZeros: true });
    }
  });

  it('reads strided views along every axis as it reads their copies', () => {
    const base = filled([7, 30, 26], 'float32', 11);
    const views = [
      base.view([[1, 6], [2, 29, 3], [4, 20]]),
      base.view([3, [0, 30, 2], [1, 26]]),
      new NDArray(base.data, [13, 10, 6], { dtype: 'float32', strides: [1, 13, 130], offset: 3 }), // Fortran order
    ];
    for (const v of views) {
      const c = v.copy();
      for (let axis = 0; axis < v.ndim; axis++) {
        for (const op of [
          (a: NDArray) => ndi.gaussianFilter1d(a, 2, { axis, mode: 'wrap' }),
          (a: NDArray) => ndi.uniformFilter1d(a, 4, { axis, mode: 'mirror' }),
          (a: NDArray) => ndi.correlate1d(a, [1, -2, 3], { axis, mode: 'constant', cval: 2 }),
        ]) expect(op(v).values()).toEqualArray(op(c).values(), { signedZeros: true });
      }
      expect(ndi.gaussianFilter(v, 1.5).values()).toEqualArray(ndi.gaussianFilter(c, 1.5).values(), { signedZeros: true });
      expect(ndi.uniformFilter(v, 3).values()).toEqualArray(ndi.uniformFilter(c, 3).values(), { signedZeros: true });
    }
  });

  it('filters rows wider than one column block and lines longer than the workspace in place', () => {
    const w = KERNELS.symmetric!;
    // Column blocks are rounded up to whole kernel groups: 2500 → 848 + 848 + 804, 1162 → 592 + 570,
    // 1013 → 1024 (one short block).
    for (const width of [2500, 1162, 1013]) {
      const wide = filled([6, width], 'float32', 5);
      const passes = [1, 0].map((axis) => ({ axis, weights: w, mode: 'reflect' as const, cval: 0 }));
      let want: ArrayLike<number> = wide.values();
      for (const p of passes) want = refPass(want, [6, width], p.axis, w, 'reflect', 0, 'float32');
      expect(ndi.separableCorrelate('test', wide, passes, 'float32').values(), `width ${width}`).toEqualArray(want, { signedZeros: true });
    }

    const long = filled([2, 270_000], 'float64', 6);
    const lp = [0, 1].map((axis) => ({ axis, weights: w, mode: 'wrap' as const, cval: 0 }));
    let lw: ArrayLike<number> = long.values();
    for (const p of lp) lw = refPass(lw, [2, 270_000], p.axis, w, 'wrap', 0, 'float64');
    expect(ndi.separableCorrelate('test', long, lp, 'float64').values()).toEqualArray(lw, { signedZeros: true });
  });

  it('stores bool outputs as non-zero tests after every pass', () => {
    const x = filled([4, 6], 'uint8', 9);
    const w = Float64Array.of(0.5, -1, 0.5);
    const passes = [0, 1].map((axis) => ({ axis, weights: w, mode: 'nearest' as const, cval: 0 }));
    let want: ArrayLike<number> = x.values();
    for (const p of passes) want = refPass(want, [4, 6], p.axis, w, 'nearest', 0, 'bool');
    const got = ndi.separableCorrelate('test', x, passes, 'bool');
    expect(got.dtype).toBe('bool');
    expect(got.values()).toEqualArray(want, { signedZeros: true });
  });

  it('adds the Laplacian terms in the output dtype', () => {
    const x = filled([9, 8], 'float32', 2);
    const sum = ndi.gaussianLaplace(x, 1.2);
    const t0 = ndi.gaussianFilter(x, 1.2, { order: [2, 0] }).values();
    const t1 = ndi.gaussianFilter(x, 1.2, { order: [0, 2] }).values();
    expect(sum.dtype).toBe('float32');
    expect(sum.values()).toEqualArray(Float32Array.from(t0, (v, i) => v + t1[i]!), { signedZeros: true });
  });
});
