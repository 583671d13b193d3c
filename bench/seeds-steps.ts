/**
 * bench/seeds-steps.ts — where one image of the batch tutorial (seed 004) spends its time, step by
 * step, on one thread: the seeded noise (NumPy's `RandomState(i).normal`, ported) and its clip,
 * `np.var`, `filters.gaussian` σ=10 (mode nearest, truncate 4) and its two 1-D passes, the second
 * `np.var`, `img_as_ubyte`, and the BMP (encoding, then the atomic write to /dev/shm).
 *
 * Each step is run `--repeat` times (default 7) on inputs made once beforehand; the table
 * gives the best CPU time of the main thread (`process.cpuUsage()`: nothing else runs in this
 * process, no workers are started), the best wall time, and the minor page faults of that run
 * (`process.resourceUsage()`). The same steps are timed in NumPy / scikit-image when
 * /usr/bin/python3 has them (`--no-python` skips it), so each row reads against its counterpart.
 * CPU time is what to compare on a shared machine; the 1-minute load is printed with the table.
 * The steps allocate their results fresh, as plain calls do (a fresh 2048² float64 image costs
 * 8 193 faults, its own row); NumPy's generator cannot write into a given array, so its first
 * row includes its allocation.
 *
 *     npx tsx bench/seeds-steps.ts [--sizes 2048,512] [--repeat 7] [--no-python]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { filters, io, util } from 'duskjs';
import { allocate } from 'dusk-image-ops';
import { RandomState } from '../examples/ops/random.ts';
import { batch } from '../examples/ops/batch.ts';
import { findPython, loadAverage, minorFaults, printTable, report, runPythonJson } from './lib.ts';

const { values: args } = parseArgs({ options: { sizes: { type: 'string' }, repeat: { type: 'string' }, 'no-python': { type: 'boolean' } } });
const REPEAT = Number(args.repeat ?? 7);
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new RangeError(`--repeat: expected a positive integer, received ${args.repeat}`);
const SIZES = (args.sizes ?? '2048,512').split(',').map(Number);
for (const s of SIZES) if (!Number.isInteger(s) || s < 1) throw new RangeError(`--sizes: expected positive integers like 2048,512, received ${args.sizes}`);
const INDEX = 3; // the image index (seed of RandomState)

interface Step { cpuMs: number; wallMs: number; faults: number }

/** Best (least CPU) of `REPEAT` runs of `fn(r)`; `fn` gets the repeat index to pick a fresh input. */
function best(fn: (r: number) => unknown): Step {
  fn(0); // warm-up (JIT)
  let b: Step = { cpuMs: Infinity, wallMs: Infinity, faults: NaN };
  for (let r = 0; r < REPEAT; r++) {
    const f0 = minorFaults(), c0 = process.cpuUsage(), t0 = performance.now();
    fn(r);
    const wallMs = performance.now() - t0, c = process.cpuUsage(c0), faults = minorFaults() - f0;
    const cpuMs = (c.user + c.system) / 1000;
    if (cpuMs < b.cpuMs) b = { cpuMs, wallMs: Math.min(wallMs, b.wallMs), faults };
    else b.wallMs = Math.min(wallMs, b.wallMs);
  }
  return b;
}

const dir = mkdtempSync(join('/dev/shm', 'dusk-seeds-steps-'));

function duskSteps(size: number): Record<string, Step> {
  const shape = [size, size];
  const n = size * size;
  const idx = Array.from({ length: REPEAT }, (_, r) => INDEX + r);
  const image = batch.loadMyData(INDEX, shape);
  const outputImage = filters.gaussian(image, { sigma: 10 });
  const ubyte = util.imgAsUbyte(outputImage);
  const steps: Record<string, Step> = {};
  const reused = allocate('float64', n, { zeroed: false });
  steps['generator (normal), reused output'] = best((r) => new RandomState(idx[r]!).normalInto(reused, 0.5, 20 / 255));
  steps['clip, in place'] = best(() => { for (let i = 0; i < n; i++) { const v = reused[i]!; reused[i] = v < 0 ? 0 : v > 1 ? 1 : v; } });
  steps['a fresh float64 image (faults)'] = best(() => allocate('float64', n, { zeroed: false }).fill(0));
  steps['load (generator + clip)'] = best((r) => batch.loadMyData(idx[r]!, shape));
  steps['var(input)'] = best(() => batch.variance(image));
  // sigma 0 on an axis skips its pass: one 1-D pass each, as gaussian_filter1d
  steps['gaussian axis 0'] = best(() => filters.gaussian(image, { sigma: [10, 0] }));
  steps['gaussian axis 1'] = best(() => filters.gaussian(image, { sigma: [0, 10] }));
  steps['gaussian (filters.gaussian)'] = best(() => filters.gaussian(image, { sigma: 10 }));
  steps['var(output)'] = best(() => batch.variance(outputImage));
  steps['imgAsUbyte'] = best(() => util.imgAsUbyte(outputImage));
  steps['imwrite BMP'] = best((r) => io.imwrite(join(dir, `d${r}.bmp`), ubyte));
  return steps;
}

const STEPS_PY = String.raw`
import json, os, sys, time, resource
import numpy as np
from scipy import ndimage as ndi
import skimage.filters as filters
from skimage import img_as_ubyte
try:
    import imageio
    imwrite = imageio.imwrite
except ImportError:
    from PIL import Image
    imwrite = lambda f, a: Image.fromarray(a).save(f)
size, repeat, d, index = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
shape = (size, size)
def faults(): return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
def best(fn):
    fn(0)
    b = None
    for r in range(repeat):
        f0, c0, t0 = faults(), time.process_time(), time.perf_counter()
        fn(r)
        w, c, f = time.perf_counter() - t0, time.process_time() - c0, faults() - f0
        if b is None or c < b['cpuMs'] / 1000: b = dict(cpuMs=c * 1000, wallMs=min(w * 1000, b['wallMs'] if b else 1e99), faults=f)
        else: b['wallMs'] = min(b['wallMs'], w * 1000)
    return b
def load(i):
    return np.clip(np.random.RandomState(i).normal(loc=((i + 1) % 255) / 255, scale=20 / 255, size=shape), 0, 1)
image = load(index); out = filters.gaussian(image, 10); ub = img_as_ubyte(out)
raw = np.random.RandomState(index).normal(0.5, 20 / 255, size=shape)
s = {}
s['generator (normal), reused output'] = best(lambda r: np.random.RandomState(index + r).normal(0.5, 20 / 255, size=shape))
s['clip, in place'] = best(lambda r: np.clip(raw, 0, 1, out=raw))
s['a fresh float64 image (faults)'] = best(lambda r: np.zeros(shape).fill(0))
s['load (generator + clip)'] = best(lambda r: load(index + r))
s['var(input)'] = best(lambda r: np.var(image))
s['gaussian axis 0'] = best(lambda r: ndi.gaussian_filter1d(image, 10, axis=0, mode='nearest'))
s['gaussian axis 1'] = best(lambda r: ndi.gaussian_filter1d(image, 10, axis=1, mode='nearest'))
s['gaussian (filters.gaussian)'] = best(lambda r: filters.gaussian(image, 10))
s['var(output)'] = best(lambda r: np.var(out))
s['imgAsUbyte'] = best(lambda r: img_as_ubyte(out))
s['imwrite BMP'] = best(lambda r: imwrite(os.path.join(d, 'p%d.bmp' % r), ub))
print(json.dumps(s))
`;

const python = args['no-python'] ? undefined : findPython(['scipy', 'skimage']);
const table: Record<string, string | number>[] = [];
const results: Record<string, unknown>[] = [];
const load = loadAverage();
try {
  for (const size of SIZES) {
    const d = duskSteps(size);
    const py = python ? runPythonJson<Record<string, Step>>(python, STEPS_PY, [String(size), String(REPEAT), dir, String(INDEX)]) : undefined;
    const pipeline = ['load (generator + clip)', 'var(input)', 'gaussian (filters.gaussian)', 'var(output)', 'imgAsUbyte', 'imwrite BMP'];
    const total = (s: Record<string, Step>) => pipeline.reduce((a, k) => a + s[k]!.cpuMs, 0);
    for (const [name, s] of Object.entries(d)) {
      const p = py?.[name];
      table.push({
        shape: `${size}²`, step: name, 'dusk CPU ms': s.cpuMs, 'dusk wall ms': s.wallMs, 'dusk faults': s.faults,
        'NumPy CPU ms': p?.cpuMs ?? '-', 'NumPy faults': p?.faults ?? '-', 'dusk ÷ NumPy': p ? s.cpuMs / p.cpuMs : '-',
      });
    }
    const dt = total(d), pt = py ? total(py) : NaN;
    table.push({ shape: `${size}²`, step: 'pipeline (sum of the six steps)', 'dusk CPU ms': dt, 'dusk wall ms': '-', 'dusk faults': '-', 'NumPy CPU ms': py ? pt : '-', 'NumPy faults': '-', 'dusk ÷ NumPy': py ? dt / pt : '-' });
    results.push({ size, dusk: d, numpy: py ?? null, pipelineCpuMs: { dusk: dt, numpy: py ? pt : null } });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`One image of the batch tutorial, step by step, one thread: best of ${REPEAT} by CPU time; 1-minute load ${load.toFixed(2)}`);
printTable(table);
report('seeds-steps', { repeat: REPEAT, load, sizes: results });
