/**
 * bench/kernels.ts — single-thread speed of the filter kernels against scikit-image 0.19 / scipy.
 *
 * Runs each kernel on the same deterministic 2048² image in dusk (best of N after a warm-up, all
 * on this thread) and, when /usr/bin/python3 (or python3) imports skimage, in scikit-image in ONE
 * Python process (time.perf_counter, best of N, OMP/BLAS threads pinned to 1). Prints a table
 * with the ratio dusk/skimage (< 1 means dusk is faster) and the minor page faults of each side's
 * best run (fresh output memory: ~1.5 µs a fault here), then one final JSON line.
 *
 *     npx tsx bench/kernels.ts [repeats]
 *
 * Kernels: gaussian f64 σ=2 and σ=10 (mode 'nearest', truncate 4), sobel f64 magnitude,
 * thresholdOtsu f64 and u8, rgb2gray u8 (color.rgb2gray, another family), median 3×3 u8, and
 * gaussian σ=3 on a (50, 1104, 1104) float32 volume (the seed notebook's tomography volume size;
 * scikit-image keeps float32 there too, so both return float32). Pass `--no-volume` to skip it.
 */
import { color, filters, zeros, type NDArray } from 'dusk-image-ops';
import { bestRun, findPython, PY_RUNS, printTable, report, runPythonJson, type Run } from './lib.ts';

const N = 2048;
const args = process.argv.slice(2);
const volume = !args.includes('--no-volume');
const repeats = Number(args.find((a) => !a.startsWith('--')) ?? 5);
const VOL = [50, 1104, 1104];

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

/** float32 volume of the same hash values, written in place (no float64 temporary). */
function volume32(shape: number[], seed: number): NDArray {
  const a = zeros(shape, { dtype: 'float32' });
  for (let i = 0; i < a.size; i++) a.data[i] = (Math.imul(i + seed, 2654435761) >>> 0) / 4294967296;
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
if (volume) {
  const vol = volume32(VOL, 4);
  cases.push([`gaussian f32 ${VOL.join('×')} σ=3`, () => filters.gaussian(vol, { sigma: 3 })]);
}

const PY = PY_RUNS + String.raw`
import os
for v in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'): os.environ[v] = '1'
import json, sys, time, numpy as np
from skimage import filters, color
N, R, VOLUME = 2048, int(sys.argv[1]), sys.argv[2] == '1'
def uniform(n, seed):
    i = np.arange(n, dtype=np.uint64) + np.uint64(seed)
    return ((i * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)).astype(np.float64) / 4294967296.0
f64 = uniform(N * N, 1).reshape(N, N)
u8 = np.floor(uniform(N * N, 2) * 256).astype(np.uint8).reshape(N, N)
rgb = np.floor(uniform(N * N * 3, 3) * 256).astype(np.uint8).reshape(N, N, 3)
fp = np.ones((3, 3), dtype=bool)
def best(f):
    r = best_run(f, R)
    return [r['s'] * 1000, r['faults']]
res = [best(lambda: filters.gaussian(f64, sigma=2)), best(lambda: filters.gaussian(f64, sigma=10)),
       best(lambda: filters.sobel(f64)), best(lambda: filters.threshold_otsu(f64)),
       best(lambda: filters.threshold_otsu(u8)), best(lambda: color.rgb2gray(rgb)),
       best(lambda: filters.median(u8, fp))]
if VOLUME:
    shape = (50, 1104, 1104)
    vol = np.empty(int(np.prod(shape)), dtype=np.float32)
    for a in range(0, vol.size, 1 << 22):
        b = min(vol.size, a + (1 << 22))
        i = np.arange(a, b, dtype=np.uint64) + np.uint64(4)
        vol[a:b] = ((i * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)).astype(np.float64) / 4294967296.0
    vol = vol.reshape(shape)
    assert filters.gaussian(vol, sigma=3).dtype == np.float32
    res.append(best(lambda: filters.gaussian(vol, sigma=3)))
print(json.dumps(res))
`;

const dusk: Run[] = [];
for (const [, fn] of cases) dusk.push(await bestRun(repeats, fn));
const python = findPython(['skimage', 'numpy', 'scipy']);
/** Per kernel: [ms, minor faults] of scikit-image's best run. */
const sk = python ? runPythonJson<[number, number][]>(python, PY, [String(repeats), volume ? '1' : '0']) : undefined;
const rows = cases.map(([name], i) => ({
  kernel: name,
  'dusk ms': dusk[i]!.ms,
  'dusk faults': dusk[i]!.faults,
  'skimage ms': sk ? sk[i]![0] : '-',
  'skimage faults': sk ? sk[i]![1] : '-',
  'dusk/skimage': sk ? dusk[i]!.ms / sk[i]![0] : '-',
}));
printTable(rows);
if (!sk) console.log('(scikit-image not importable: dusk times only)');
report('kernels', { size: `${N}x${N}`, volume: volume ? VOL.join('x') : null, repeats, threads: 1, rows });
