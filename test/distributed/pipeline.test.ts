/**
 * `distributed` on the tutorial's batch pipeline (examples/lib/batch.ts) against `threads`, and
 * how its data moves: large results stay in Redis and are deleted when released, Profiler
 * records name the worker process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { chromeTrace, chunked, closeDefaultPools, compute, configure, delayed, filters, fromArray, fromRaw, Profiler, zeros, type Callback } from 'duskjs';
import { sharesMemory } from 'dusk-graph/internal';
import { RemoteRef } from 'dusk-distributed';
import { delayedBatch } from '../../examples/lib/batch.ts';
import { ops } from '../scheduler/fixtures/ops.ts';
import { useCluster } from './helpers/redis.ts';

const sharedDir = mkdtempSync(join(tmpdir(), 'dusk-shared-'));
const env = useCluster({ workers: 2, ops: ['examples/ops/batch.ts', 'dusk-image-ops', 'test/scheduler/fixtures/ops.ts'], sharedDir });

afterAll(() => closeDefaultPools());

describe('distributed pipelines', () => {
  it('computes the batch pipeline exactly as threads does (numbers and BMP files), with profiler records naming host and pid', async () => {
    const n = 6, shape = [96, 80];
    const [dirT, dirD] = [mkdtempSync(join(tmpdir(), 'dusk-t-')), mkdtempSync(join(tmpdir(), 'dusk-d-'))];
    const bt = delayedBatch(n, shape, dirT);
    const bd = delayedBatch(n, shape, dirD);
    const threads = await compute([bt.inputVariances, bt.outputVariances, bt.savedList], { scheduler: 'threads' });
    const prof = new Profiler();
    const dist = await compute([bd.inputVariances, bd.outputVariances, bd.savedList], { ...env.cluster.computeOptions, callbacks: [prof] });
    expect(dist[0]).toEqual(threads[0]);
    expect(dist[1]).toEqual(threads[1]);
    for (let i = 0; i < n; i++) expect(readFileSync(bd.filenames[i]!).equals(readFileSync(bt.filenames[i]!)), `image ${i}`).toBe(true);
    const remote = prof.results.filter((r) => r.where === 'worker');
    expect(remote.length).toBeGreaterThan(0);
    for (const r of remote) {
      expect(r.host).toBe(hostname());
      expect(env.cluster.pids).toContain(r.pid);
    }
    // The Chrome trace puts each worker process on a track of its own.
    const tracks = chromeTrace(prof.results).traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args!.name);
    for (const pid of new Set(remote.map((r) => r.pid))) expect(tracks).toContain(`worker ${hostname()}:${pid}`);
  });

  it('keeps large results in Redis for the next worker and deletes each once released', async () => {
    const watcher = new Redis(env.redis.url);
    let peak = 0, seen = 0;
    const sampling = new AbortController();
    const sample = (async () => {
      while (!sampling.signal.aborted) {
        const k = (await watcher.keys('dusk:*:run:*:d:*')).length;
        peak = Math.max(peak, k);
        seen = Math.max(seen, k > 0 ? 1 : 0);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const refs: unknown[] = [];
    const spy: Callback = { posttask: (t) => void (t.result instanceof RemoteRef && refs.push(t.result)) };
    // 60 arrays of 400 KB, each consumed by a task sent on its own (tiny batch budget): each
    // array goes through Redis, and is dropped once its consumer finished.
    const sums = Array.from({ length: 60 }, (_, i) => delayed(ops.fillWith)(delayed(ops.makeShared)(50_000, i), i));
    const out = await compute(sums, { ...env.cluster.computeOptions, batchMs: 0.001, optimizeGraph: false, callbacks: [spy] });
    sampling.abort();
    await sample;
    expect(out).toEqual(Array.from({ length: 60 }, () => 50_000));
    expect(refs.length).toBe(60);
    expect(seen).toBe(1);
    expect(peak).toBeLessThan(30);
    expect((await watcher.keys('dusk:*:run:*')).filter((k) => !k.endsWith(':closed'))).toEqual([]);
    watcher.disconnect();
  });

  it('takes its options from configure and DUSK_REDIS_URL, and refuses bad ones by name', async () => {
    {
      using _ = configure({ scheduler: 'distributed', connection: env.redis.url, inlineBytes: 0 });
      expect(await compute(delayed(ops.inc)(41))).toBe(42);
    }
    process.env.DUSK_REDIS_URL = env.redis.url;
    try {
      expect(await compute(delayed(ops.inc)(1), { scheduler: 'distributed' })).toBe(2);
    } finally {
      delete process.env.DUSK_REDIS_URL;
    }
    expect(() => configure({ connection: 5 as never })).toThrow(/configure: option 'connection'/);
    await expect(compute(delayed(ops.inc)(1), { scheduler: 'distributed', connection: env.redis.url, inlineBytes: -1 })).rejects.toThrow(/compute: option 'inlineBytes'.*received -1/);
    await expect(compute(delayed(ops.inc)(1), { scheduler: 'distributed', connection: 'http://x' })).rejects.toThrow(/option 'connection'/);
    await expect(compute(delayed(ops.inc)(1), { scheduler: 'threads', connection: env.redis.url })).rejects.toThrow(/connection/);
  });

  it('puts results above sharedAboveBytes in the shared directory when the client asks, and removes them', async () => {
    const watcher = new Redis(env.redis.url);
    const refs: RemoteRef[] = [];
    const spy: Callback = { posttask: (t) => void (t.result instanceof RemoteRef && refs.push(t.result)) };
    const sums = Array.from({ length: 10 }, (_, i) => delayed(ops.fillWith)(delayed(ops.makeShared)(50_000, i), i));
    const arr = delayed(ops.makeShared)(1000, 7);
    const opts = { ...env.cluster.computeOptions, batchMs: 0.001, optimizeGraph: false, sharedAboveBytes: 100_000, callbacks: [spy] };
    const [out, small] = await compute([sums, arr], opts);
    expect(out).toEqual(Array.from({ length: 10 }, () => 50_000));
    expect(small).toEqual(new Float64Array(1000).fill(7));
    expect(refs.length).toBe(10);
    for (const r of refs) expect(r.file).toMatch(/^[0-9a-f-]{36}\/\d+-\d+\.bin$/);
    expect(readdirSync(sharedDir)).toEqual([]);
    expect((await watcher.keys('dusk:*:run:*')).filter((k) => !k.endsWith(':closed'))).toEqual([]);
    watcher.disconnect();
    // A client without the option keeps using Redis, even with workers that have the directory.
    refs.length = 0;
    await compute(sums, { ...opts, sharedDir: undefined });
    expect(refs.every((r) => r.file === undefined && r.key !== '')).toBe(true);
    await expect(compute(arr, { ...opts, sharedDir: 'relative/dir' })).rejects.toThrow(/option 'sharedDir' expected an absolute path/);
  });

  it('reads chunked arrays from files on the workers and writes them from there: toRaw equals threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dusk-chunks-'));
    const shape = [4, 40, 48];
    const data = new Float32Array(shape.reduce((a, b) => a * b));
    for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37);
    writeFileSync(join(dir, 'v.raw'), data);
    const y = fromRaw(join(dir, 'v.raw'), { dtype: 'float32', shape, chunks: [4, 20, 24] }).mapOverlap(filters.gaussian, { depth: 'auto', sigma: 1 });
    await y.toRaw(join(dir, 'threads.raw'), { scheduler: 'threads' });
    await y.toRaw(join(dir, 'dist.raw'), env.cluster.computeOptions);
    expect(readFileSync(join(dir, 'dist.raw')).equals(readFileSync(join(dir, 'threads.raw')))).toBe(true);
  });

  it("warns that a worker op's writes into a shared-memory argument are lost", async () => {
    const shared = new Float64Array(new SharedArrayBuffer(80));
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      expect(await compute(delayed(ops.fillWith)(shared, 3), env.cluster.computeOptions)).toBe(10);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(shared[0]).toBe(0);
    const w = warnings.find((x) => (x as Error & { code?: string }).code === 'DUSK_SHARED_MEMORY_ARG');
    expect(w?.message).toMatch(/op 'fillWith' .* is given a SharedArrayBuffer-backed array; its worker gets a copy/);
  });

  it("does not warn about the library's own ops, which only read their shared-memory arguments", async () => {
    const img = zeros([32, 32]); // on shared memory
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      await compute(delayed(filters.gaussian)(img, { sigma: 2 }), env.cluster.computeOptions);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((x) => (x as Error & { code?: string }).code === 'DUSK_SHARED_MEMORY_ARG')).toEqual([]);
  });

  it('brings a large result back to the main thread for a closure and for the outputs', async () => {
    const arr = delayed(ops.makeShared)(100_000, 2.5);
    const total = delayed((a: Float64Array) => a.reduce((s, x) => s + x, 0))(arr);
    const [a, t] = await compute([arr, total], { ...env.cluster.computeOptions });
    expect(a).toBeInstanceOf(Float64Array);
    expect(a.length).toBe(100_000);
    expect(a[99_999]).toBe(2.5);
    expect(t).toBe(250_000);
  });

  it('computes a chunked array and its reductions as threads does (the blocks come back from the worker processes)', async () => {
    const image = fromArray(Array.from({ length: 41 * 67 }, (_, i) => Math.sin(i * 0.37) + (i % 67) / 67), { shape: [41, 67], dtype: 'float32' });
    const smooth = chunked(image, { chunks: [16, 20] }).mapOverlap(filters.gaussian, { depth: 'auto', sigma: 2 });
    const whole = filters.gaussian(image, { sigma: 2 });
    expect([sharesMemory(), sharesMemory({ scheduler: 'sync' }), sharesMemory(env.cluster.computeOptions)]).toEqual([true, true, false]);
    const dist = await smooth.compute(env.cluster.computeOptions);
    expect(dist.shape).toEqual([41, 67]);
    expect(Array.from(dist.data)).toEqual(Array.from(whole.data));
    const [threads, remote] = [await smooth.mean().compute({ scheduler: 'threads' }), await smooth.mean().compute(env.cluster.computeOptions)];
    expect(remote.data[0]).toBe(threads.data[0]);
    expect(remote.data[0]).not.toBe(0);
  });
});
