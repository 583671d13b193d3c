/**
 * End-to-end: every example runs in a quick mode (tiny sizes) as a child process, exactly as
 * a user starts it (`tsx examples/<name>.ts ...`), and its output files and printed numbers are
 * checked: BMP/PNG files readable by `io.imread` with the right shape and the right pixels, the
 * DOT graph parses, the Chrome trace parses and has task events, and the serial and dusk runs
 * printed the same results. Also checks the NumPy-exact loader against numbers made by NumPy.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import parse from 'dotparser';
import { filters, fromArray, io, util } from 'dusk-image-ops';
import { batch } from '../../examples/ops/batch.ts';
import { otsu } from '../../examples/ops/otsu.ts';
import { progressOps } from '../../examples/ops/progress.ts';
import { RandomState } from '../../examples/ops/random.ts';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'dusk-e2e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Run `examples/<script>` with tsx; resolves with its stdout (rejects on a non-zero exit, and
 * when it has not ended on its own after `timeout` ms).
 */
async function run(script: string, args: string[], timeout = 0): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'examples', script), ...args], {
    cwd: root, maxBuffer: 16 << 20, env: { ...process.env, NODE_OPTIONS: '' }, timeout,
  });
  return stdout;
}

const numberAfter = (text: string, label: RegExp) => {
  const m = label.exec(text);
  if (!m) throw new Error(`no match for ${label} in:\n${text}`);
  return Number(m[1]);
};

describe('the NumPy-exact loader', () => {
  it('draws the normal deviates of np.random.RandomState(3).normal(0.5, 0.1, 6), to the last bit or one ulp', () => {
    // NumPy 1.24: np.random.RandomState(3).normal(0.5, 0.1, 6).tolist(). V8's log rounds a few
    // inputs differently from glibc's (see random.ts): the last value is one ulp off.
    const numpy = [0.6788628473430318, 0.5436509850511989, 0.5096497468072009, 0.3136507296635509, 0.4722611797485601, 0.46452410207310135];
    const bulk = new RandomState(3).normalInto(new Float64Array(6), 0.5, 0.1);
    const single = new RandomState(3);
    expect(bulk).toBeCloseToArray(numpy, { rtol: Number.EPSILON });
    for (const v of bulk) expect(0.5 + 0.1 * single.standardNormal()).toBe(v);
    expect(bulk.slice(0, 5)).toEqual(Float64Array.from(numpy.slice(0, 5)));
  });

  it('produces MT19937 words exactly, for the largest seed too', () => {
    // np.random.RandomState(4294967295).randint(0, 2**32, 2, dtype=np.uint64)
    const r = new RandomState(4294967295);
    expect([r.nextUint32(), r.nextUint32()]).toEqual([419326371, 479346978]);
    expect(() => new RandomState(2 ** 32)).toThrow(/seed must be an integer in \[0, 2\*\*32 - 1\], received 4294967296/);
  });

  it('makes the tutorial image load_my_data(1, (2, 3)) and its variance', () => {
    const image = batch.loadMyData(1, [2, 3]);
    // np.clip(np.random.RandomState(1).normal(2/255, 20/255, (2, 3)), 0, 1) and np.var of it
    const numpy = [0.1352427736206464, 0, 0, 0, 0.07571824543722969, 0];
    expect(image).toBeCloseToArray(numpy, { rtol: Number.EPSILON });
    expect(image.dtype).toBe('float64');
    expect(batch.variance(image)).toBeCloseTo(0.0027677392080625064, 15);
  });
});

describe('examples/basics.ts', () => {
  it('draws the inc/double/add/sum graph into a new folder and prints the results of Dask\'s example', async () => {
    const out = join(tmp, 'basics', 'nested');
    const text = await run('basics.ts', ['--out', out]);
    expect(text).toMatch(/Nothing has run yet: total is Delayed\('sum-\d+'\)/);
    expect(text).toContain('The graph has 16 tasks');
    expect(numberAfter(text, /total = (\d+)/)).toBe(50); // sum of (x + 1) + 2x for x in 1..5
    expect(text).toContain('first output = 4, all outputs = [4, 7, 10, 13, 16]');

    const dot = readFileSync(join(out, 'basics.dot'), 'utf8');
    expect(parse(dot)).toHaveLength(1);
    const count = (label: string) => dot.split(`[label="${label}", shape="circle"`).length - 1;
    expect([count('inc'), count('double'), count('add'), count('sum')]).toEqual([5, 5, 5, 1]);
    expect(readFileSync(join(out, 'basics.svg'), 'utf8')).toMatch(/<svg[\s\S]*<\/svg>/);
  });
});

describe('examples/progress.ts', () => {
  it('creates a missing --out folder, writes a Chrome trace of every task and ranks the images', async () => {
    const out = join(tmp, 'progress', 'not', 'yet');
    expect(existsSync(out)).toBe(false);
    const [n, size, sigma] = [4, 32, 4];
    const text = await run('progress.ts', ['--n', String(n), '--size', String(size), '--sigma', String(sigma), '--workers', '2', '--out', out]);
    expect(text).toContain('100% Completed');
    expect(text).toMatch(new RegExp(`Ran ${n + 1} tasks in [\\d.]+ s`));
    expect(text).toMatch(new RegExp(`synthImage-gaussian-stats\\s+${n} tasks`));
    expect(text).toMatch(/rank\s+1 tasks/);

    const means = Array.from({ length: n }, (_, i) => progressOps.stats(filters.gaussian(progressOps.synthImage(i, size), { sigma })).mean);
    const brightest = means.indexOf(Math.max(...means)), darkest = means.indexOf(Math.min(...means));
    expect(numberAfter(text, /Brightest image: #(\d+)/)).toBe(brightest);
    expect(numberAfter(text, /Brightest image: #\d+ \(mean ([\d.]+)\)/)).toBeCloseTo(means[brightest]!, 4);
    expect(numberAfter(text, /darkest: #(\d+)/)).toBe(darkest);
    expect(numberAfter(text, /darkest: #\d+ \(mean ([\d.]+)\)/)).toBeCloseTo(means[darkest]!, 4);

    const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8')) as { traceEvents: { ph: string; name: string; tid?: number }[] };
    const tasks = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(tasks.map((e) => e.name).sort()).toEqual([...Array<string>(n).fill('synthImage-gaussian-stats'), 'rank'].sort());
    for (const e of tasks) expect(e.tid === 0).toBe(e.name === 'rank'); // the closure on the main thread, the chains on workers
    expect(trace.traceEvents.some((e) => e.ph === 'C')).toBe(true);
    expect(readdirSync(out)).toEqual(['trace.json']);
  });
});

describe('examples/batch-pipeline.ts', () => {
  it('writes the BMPs and the graph, and prints equal serial and dusk variances', async () => {
    const out = join(tmp, 'batch');
    const text = await run('batch-pipeline.ts', ['--n', '3', '--shape', '64x48', '--out', out]);
    expect(text).toContain('largest variance difference between the runs: 0');
    expect(text).toContain('BMP files identical in serial/ and dusk/: yes (3 each)');
    expect(numberAfter(text, /input variance of image 0: serial ([\d.e-]+)/)).toBe(numberAfter(text, /input variance of image 0: serial [\d.e-]+, dusk ([\d.e-]+)/));
    expect(numberAfter(text, /input variance of image 0: serial ([\d.e-]+)/)).toBe(batch.variance(batch.loadMyData(0, [64, 48])));
    expect(text).toMatch(/\s3\s+64 x 48\s+[\d.]+\s+[\d.]+\s+[\d.]+ x/);

    const files = readdirSync(join(out, 'dusk')).sort();
    expect(files).toEqual(['image_0.bmp', 'image_1.bmp', 'image_2.bmp']);
    for (const [i, f] of files.entries()) {
      const img = io.imread(join(out, 'dusk', f));
      expect(img.shape).toEqual([64, 48]);
      expect(img.dtype).toBe('uint8');
      const expected = util.imgAsUbyte(filters.gaussian(batch.loadMyData(i, [64, 48]), { sigma: 10 }));
      expect([...img.values()]).toEqual([...expected.values()]);
    }

    const dot = readFileSync(join(out, 'graph.dot'), 'utf8');
    const graphs = parse(dot);
    expect(graphs).toHaveLength(1);
    for (const op of ['loadMyData', 'var', 'gaussian', 'imgAsUbyte', 'imwrite']) expect(dot).toContain(`label="${op}"`);
    expect(readFileSync(join(out, 'graph.svg'), 'utf8')).toContain('<svg');
  });
});

describe('examples/otsu-folder.ts', () => {
  it('makes a demo folder, thresholds every PNG and agrees with a direct call', async () => {
    const out = join(tmp, 'otsu');
    const text = await run('otsu-folder.ts', ['--n', '3', '--shape', '40x56', '--out', out]);
    expect(text).toContain('Serial and dusk thresholds identical: yes');
    const pngs = readdirSync(out).filter((f) => f.endsWith('.png')).sort();
    expect(pngs).toEqual(['demo_000.png', 'demo_001.png', 'demo_002.png']);
    for (const f of pngs) {
      expect(io.imread(join(out, f)).shape).toEqual([40, 56, 3]);
      const printed = numberAfter(text, new RegExp(`${f}\\s+([\\d.]+)`));
      expect(printed).toBeCloseTo(otsu.loadAndThreshold(join(out, f)), 6);
    }
  });

  it('thresholds a folder given on the command line', async () => {
    const text = await run('otsu-folder.ts', [join(tmp, 'otsu')]);
    expect(text).toContain('Thresholding 3 PNG files');
    expect(text).toContain('Serial and dusk thresholds identical: yes');
  });

  it('thresholds grey images too and skips, in words, a file it cannot use', async () => {
    const mixed = join(tmp, 'otsu-mixed');
    mkdirSync(mixed);
    const grey = fromArray(Array.from({ length: 12 * 10 }, (_, i) => (i * 37) % 256), { dtype: 'uint8' }).reshape([12, 10]);
    io.imwrite(join(mixed, 'a_grey.png'), grey);
    io.imwrite(join(mixed, 'b_rgba.png'), fromArray(Array.from({ length: 12 * 10 * 4 }, (_, i) => i % 256), { dtype: 'uint8' }).reshape([12, 10, 4]));
    const text = await run('otsu-folder.ts', [mixed]);
    expect(numberAfter(text, /a_grey\.png\s+([\d.]+)/)).toBeCloseTo(filters.thresholdOtsu(grey), 6);
    expect(text).toMatch(/b_rgba\.png\s+skipped: rgb2gray: the input array must have size 3/);
    expect(text).toContain('Serial and dusk thresholds identical: yes');
  });
});

describe('examples/hog-windows.ts', () => {
  it('denoises and HOGs every strip and saves the reassembled HOG image', async () => {
    const out = join(tmp, 'hog');
    const text = await run('hog-windows.ts', ['--shape', '80x96', '--width', '32', '--out', out]);
    expect(text).toContain('cut into 2 strips of 32 rows');
    expect(text).toContain('Loop and dusk HOG images identical: yes');
    expect(io.imread(join(out, 'deep-field.png')).shape).toEqual([80, 96, 3]);
    const hog = io.imread(join(out, 'hog.png'));
    expect(hog.shape).toEqual([64, 96]);
    expect(hog.max()).toBe(255);
  });

  it('gives empty HOG images for the guide\'s 10-row strips, as scikit-image does', async () => {
    const text = await run('hog-windows.ts', ['--shape', '30x64', '--width', '10', '--out', join(tmp, 'hog10')]);
    expect(text).toContain('All zero');
    expect(io.imread(join(tmp, 'hog10', 'hog.png')).max()).toBe(0);
  });
});

describe('examples/overlap-volume.ts', () => {
  it('matches the whole-volume gaussian and writes a Chrome trace with the block tasks', async () => {
    const out = join(tmp, 'overlap');
    const text = await run('overlap-volume.ts', ['--shape', '6x64x72', '--out', out]);
    expect(statSync(join(out, 'volume.raw')).size).toBe(6 * 64 * 72 * 4);
    expect(text).toContain('Tasks: 16 as built, 4 after optimization');
    expect(text).toContain('largest difference 0 (depth 12)');
    expect(text).toMatch(/6 x 64 x 72\s+[\d.]+\s+[\d.]+\s+[\d.]+ x\s+[\d.]+/); // whole, in memory, speedup, from the file
    expect(numberAfter(text, /depth=9 the largest difference would be ([\d.e+-]+)/)).toBeGreaterThan(0);
    const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8')) as { traceEvents: { ph: string; name: string; dur?: number }[] };
    const tasks = trace.traceEvents.filter((e) => e.ph === 'X');
    expect(tasks).toHaveLength(4);
    for (const e of tasks) expect(e.name).toContain('gaussian');
    expect(trace.traceEvents.some((e) => e.ph === 'C')).toBe(true);
  });
});

describe('examples/zarr-pipeline.ts', () => {
  it('smooths a Zarr volume into a Zarr volume, chunked, matching the whole-volume gaussian', async () => {
    const out = join(tmp, 'zarr');
    const text = await run('zarr-pipeline.ts', ['--shape', '6x40x44', '--out', out, '--workers', '2']);
    expect(text).toContain('as Zarr v2 (zstd)');
    expect(text).toContain('chunks=[6, 20, 22], blocks=4');
    expect(text).toContain('Check against the whole-volume gaussian: largest difference 0.');
    const meta = JSON.parse(readFileSync(join(out, 'smooth.zarr', '.zarray'), 'utf8')) as { shape: number[]; chunks: number[]; compressor: { id: string } };
    expect([meta.shape, meta.chunks, meta.compressor.id]).toEqual([[6, 40, 44], [6, 20, 22], 'zstd']);
    expect(readdirSync(join(out, 'smooth.zarr')).sort()).toEqual(['.zarray', '0.0.0', '0.0.1', '0.1.0', '0.1.1']);
  });
});

describe('examples/notebook.ts', () => {
  it('runs its own task, defined in the same file, on more than one worker thread, and ends on its own', async () => {
    const out = join(tmp, 'notebook');
    const text = await run('notebook.ts', ['--n', '8', '--shape', '96x128', '--workers', '2', '--out', out], 30_000);
    expect(text).toContain('made 8 synthetic RGB images of 96 x 128');
    expect(text).toContain('100% Completed');
    const threads = /Worker threads that ran the tasks: ([\d, ]+) \(/.exec(text)![1]!.split(', ').map(Number);
    expect(threads.length).toBeGreaterThan(1);
    expect(threads).not.toContain(0);
    expect(text).toMatch(/\s8\s+[\d.]+\s+[\d.]+\s+[\d.]+ x/); // images, loop, dusk, speedup
    expect(text).toContain('Plain loop and dusk results identical: yes');
    // The pipeline ran once: the images were made once, and every row is one of them.
    const pngs = readdirSync(out).filter((f) => f.endsWith('.png')).sort();
    expect(pngs).toEqual(Array.from({ length: 8 }, (_, i) => `image_00${i}.png`));
    for (const f of pngs) expect(text).toMatch(new RegExp(`${f}\\s+0\\.\\d+\\s+[\\d.]+ %\\s+\\d+`));
  });
});
