/**
 * bench/kernels.ts — single-thread speed of the filter kernels against scikit-image 0.19 / scipy.
 *
 * Runs each kernel on the same deterministic 2048² image in dusk (best of N after a warm-up, all
 * on this thread) and, when /usr/bin/python3 (or python3) imports skimage, in scikit-image in ONE
 * Python process (time.perf_counter, best of N, OMP/BLAS threads pinned to 1). Prints a table
 * with the ratio dusk/skimage (< 1 means dusk is faster), then one final JSON line.
 *
 *     npx tsx bench/kernels.ts [repeats]
 *
 * Kernels: gaussian f64 σ=2 and σ=10 (mode 'nearest', truncate 4), sobel f64 magnitude,
 * thresholdOtsu f64 and u8, rgb2gray u8 (color.rgb2gray, another family), median 3×3 u8.
 */
import { color, filters, zeros, type NDArray } from '@dusk/image-ops';
import { bestOf, findPython, printTable, report, runPythonJson } from './lib.ts';

const N = 2048;
const repeats = Number(process.argv[2] ?? 5);

/** u[i] = frac(i · φ) style hash in [0, 1): vectorisable, identical in NumPy below. */
function uniform(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (Math.imul(i + seed, 2654435761) >>> 0) / 4294967296;
  return out;
}

function image(shape: number[], dtype: 'uint8' | 'float64', seed: number): NDArray {
  const a = zeros(shape, { dtype });
  const u = uniform(a.size, seed);
  if (dtype === 'uint8') for (let i = 0; i < u.length; i++) a.data[i] = Math.floor(u[i]! * 256);
  else a.data.set(u);
  return a;
}

const f64 = image([N, N], 'float64', 1);
const u8 = image([N, N], 'uint8', 2);
const rgb = image([N, N, 3], 'uint8', 3);

const cases: [string, () => unknown][] = [
  ['gaussian f64 σ=2', () => filters.gaussian(f64, { sigma: 2 })],
  ['gaussian f64 σ=10', () => filters.gaussian(f64, { sigma: 10 })],
  ['sobel f64', () => filters.sobel(f64)],
  ['thresholdOtsu f64', () => filters.thresholdOtsu(f64)],
  ['thresholdOtsu u8', () => filters.thresholdOtsu(u8)],
  ['rgb2gray u8', () => color.rgb2gray(rgb)],
  ['median 3×3 u8', () => filters.median(u8)],
];

const PY = String.raw`
import os
for v in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'): os.environ[v] = '1'
import json, sys, time, numpy as np
from skimage import filters, color
N, R = 2048, int(sys.argv[1])
def uniform(n, seed):
    i = np.arange(n, dtype=np.uint64) + np.uint64(seed)
    return ((i * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)).astype(np.float64) / 4294967296.0
f64 = uniform(N * N, 1).reshape(N, N)
u8 = np.floor(uniform(N * N, 2) * 256).astype(np.uint8).reshape(N, N)
rgb = np.floor(uniform(N * N * 3, 3) * 256).astype(np.uint8).reshape(N, N, 3)
fp = np.ones((3, 3), dtype=bool)
def best(f):
    f(); t = []
    for _ in range(R):
        t0 = time.perf_counter(); f(); t.append((time.perf_counter() - t0) * 1000)
    return min(t)
res = [best(lambda: filters.gaussian(f64, sigma=2)), best(lambda: filters.gaussian(f64, sigma=10)),
       best(lambda: filters.sobel(f64)), best(lambda: filters.threshold_otsu(f64)),
       best(lambda: filters.threshold_otsu(u8)), best(lambda: color.rgb2gray(rgb)),
       best(lambda: filters.median(u8, fp))]
print(json.dumps(res))
`;

const dusk: number[] = [];
for (const [, fn] of cases) dusk.push(await bestOf(repeats, fn));
const python = findPython(['skimage', 'numpy', 'scipy']);
const sk = python ? runPythonJson<number[]>(python, PY, [String(repeats)]) : undefined;
const rows = cases.map(([name], i) => ({
  kernel: name,
  'dusk ms': dusk[i]!,
  'skimage ms': sk ? sk[i]! : '-',
  'dusk/skimage': sk ? dusk[i]! / sk[i]! : '-',
}));
printTable(rows);
if (!sk) console.log('(scikit-image not importable: dusk times only)');
report('kernels', { size: `${N}x${N}`, repeats, threads: 1, rows });
