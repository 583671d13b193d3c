/**
 * bench/analysis-ops.ts — single-thread speed of the analysis ops against scikit-image 0.19.
 *
 * Each op runs on the same deterministic image in dusk (best of 3 after a warm-up) and, when
 * /usr/bin/python3 has scikit-image, in scikit-image (best of 3), each with its best run's minor
 * page faults. Images: rgb2gray and equalizeHist on 2048² uint8, label on a 2048² random uint8
 * mask, denoiseTvChambolle, hog and canny on 512² float64, blobLog on 256² float64 spots. Prints
 * a table, then one JSON line.
 *
 *     npx tsx bench/analysis-ops.ts
 */
import { color, exposure, feature, measure, restoration, zeros, type NDArray } from 'dusk-image-ops';
import { bestRun, findPython, PY_RUNS, printTable, report, runPythonJson, type Run } from './lib.ts';

/** Park-Miller uniform numbers in [0, 1), the same sequence as the Python side below. */
function uniform(n: number): Float64Array {
  const out = new Float64Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) { s = (s * 16807) % 2147483647; out[i] = s / 2147483647; }
  return out;
}

function image(shape: number[], fill: (u: Float64Array) => ArrayLike<number>, dtype: 'uint8' | 'float64' = 'float64'): NDArray {
  const a = zeros(shape, { dtype });
  a.data.set(fill(uniform(a.size)));
  return a;
}

const rgb = image([2048, 2048, 3], (u) => u.map((x) => Math.floor(x * 256)), 'uint8');
const grey8 = image([2048, 2048], (u) => u.map((x) => Math.floor(x * 256)), 'uint8');
const mask = image([2048, 2048], (u) => u.map((x) => (x > 0.6 ? 1 : 0)), 'uint8');
const f512 = image([512, 512], (u) => u.map((x, i) => ((i >> 9) > 256 ? 0.7 : 0.2) + 0.2 * x));
const spots = image([256, 256], (u) => u.map((_, i) => {
  const r = i >> 8, c = i & 255;
  let v = 0;
  for (let k = 0; k < 9; k++) { const cy = 30 + 25 * k, cx = 40 + 20 * k, s = 2 + (k % 4); v += Math.exp(-((r - cy) ** 2 + (c - cx) ** 2) / (2 * s * s)); }
  return v;
}));

const cases: [string, () => unknown][] = [
  ['rgb2gray 2048² u8', () => color.rgb2gray(rgb)],
  ['equalizeHist 2048² u8', () => exposure.equalizeHist(grey8)],
  ['label 2048² conn2', () => measure.label(mask)],
  ['denoiseTvChambolle 512²', () => restoration.denoiseTvChambolle(f512, { weight: 0.1 })],
  ['hog 512²', () => feature.hog(f512)],
  ['canny 512² σ2', () => feature.canny(f512, { sigma: 2 })],
  ['blobLog 256² σ1..10', () => feature.blobLog(spots, { minSigma: 1, maxSigma: 10, numSigma: 10, threshold: 0.1 })],
];

const PY = PY_RUNS + String.raw`
import json, time, numpy as np
from skimage import color, exposure, feature, measure, restoration
def uniform(n):
    out = np.empty(n); s = 12345
    for i in range(n):
        s = (s * 16807) % 2147483647; out[i] = s / 2147483647
    return out
def best(f):
    r = best_run(f, 3)
    return [r['s'] * 1000, r['faults']]
u = uniform(2048 * 2048 * 3)
rgb = np.floor(u * 256).astype(np.uint8).reshape(2048, 2048, 3)
g = u[:2048 * 2048]
grey8 = np.floor(g * 256).astype(np.uint8).reshape(2048, 2048)
mask = (g > 0.6).astype(np.uint8).reshape(2048, 2048)
i = np.arange(512 * 512)
f512 = (np.where((i >> 9) > 256, 0.7, 0.2) + 0.2 * u[:512 * 512]).reshape(512, 512)
r, c = np.mgrid[:256, :256]
spots = sum(np.exp(-((r - (30 + 25 * k)) ** 2 + (c - (40 + 20 * k)) ** 2) / (2 * (2 + k % 4) ** 2)) for k in range(9))
res = [best(lambda: color.rgb2gray(rgb)), best(lambda: exposure.equalize_hist(grey8)), best(lambda: measure.label(mask)),
       best(lambda: restoration.denoise_tv_chambolle(f512, weight=0.1)), best(lambda: feature.hog(f512)),
       best(lambda: feature.canny(f512, sigma=2)), best(lambda: feature.blob_log(spots, min_sigma=1, max_sigma=10, num_sigma=10, threshold=0.1))]
print(json.dumps(res))
`;

const dusk: Run[] = [];
for (const [, fn] of cases) dusk.push(await bestRun(3, fn));
const python = findPython(['skimage', 'numpy']);
/** Per op: [ms, minor faults] of scikit-image's best run. */
const sk = python ? runPythonJson<[number, number][]>(python, PY) : undefined;
const rows = cases.map(([name], i) => ({
  op: name,
  'dusk ms': dusk[i]!.ms,
  'dusk faults': dusk[i]!.faults,
  'skimage ms': sk ? sk[i]![0] : '-',
  'skimage faults': sk ? sk[i]![1] : '-',
  'speedup': sk ? sk[i]![0] / dusk[i]!.ms : '-',
}));
printTable(rows);
report('analysis-ops', { rows });
