/**
 * `distributed` under faults, against a real redis-server and real worker processes: a worker
 * SIGKILLed mid-run, every worker gone, Redis stopped mid-run or unreachable, an op outside the
 * workers' modules, two clients at once, and an abort (which must leave no jobs or data behind).
 */
import { describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { compute, delayed, TaskError } from 'dusk-scheduler';
import { LocalCluster } from 'dusk-distributed';
import { ops } from '../scheduler/fixtures/ops.ts';
import { genericOps } from '../scheduler/fixtures/generic-ops.ts';
import { fileCounter } from '../scheduler/conformance-suite.ts';
import { startRedis, useCluster } from './helpers/redis.ts';

const OPS = ['test/scheduler/fixtures/ops.ts'];
const env = useCluster({ workers: 2, ops: OPS, lockMs: 1000 });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What of a LocalCluster's processes is still there after up to 15 s: its workers' pids, and whether its redis-server listens. */
async function leftAlive(started: { pids: number[]; redis: string }): Promise<{ workers: number[]; redis: boolean }> {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const port = Number(new URL(started.redis).port);
  const listening = () => new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1', () => (s.destroy(), resolve(true))).on('error', () => resolve(false));
  });
  for (let i = 0; i < 150 && (started.pids.some(alive) || (await listening())); i++) await sleep(100);
  return { workers: started.pids.filter(alive), redis: await listening() };
}

/** Keys of runs still in Redis, other than their closed markers. */
async function runKeys(url: string): Promise<string[]> {
  const r = new Redis(url);
  try {
    return (await r.keys('dusk:*:run:*')).filter((k) => !k.endsWith(':closed'));
  } finally {
    r.disconnect();
  }
}

describe('distributed faults', () => {
  it('re-runs the tasks of a worker SIGKILLed mid-task elsewhere and completes correctly', async () => {
    const own = await LocalCluster.start({ workers: 2, connection: env.redis.url, ops: OPS, lockMs: 1000, queue: 'killed' });
    try {
      // tick → spin fuse into one task: a task that ran twice ticks twice.
      const counter = fileCounter();
      const tasks = Array.from({ length: 12 }, (_, i) => delayed(ops.spin)(delayed(ops.tick)(counter.arg, i), 300));
      const running = compute(tasks, { ...own.computeOptions });
      // Kill the worker that just started a task (tick), in the middle of its 300 ms spin.
      while (counter.read() < 3) await sleep(5);
      const victim = counter.pids().at(-1)!;
      expect(own.pids).toContain(victim);
      process.kill(victim, 'SIGKILL');
      expect(await running).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect(counter.read()).toBeGreaterThan(12);
    } finally {
      await own.close();
    }
  });

  it('fails the task, naming it, once its workers died more often than --max-stalls allows', async () => {
    const own = await LocalCluster.start({ workers: 2, connection: env.redis.url, ops: OPS, lockMs: 1000, maxStalls: 0, queue: 'stalls' });
    try {
      const counter = fileCounter();
      const slow = delayed(ops.spin)(delayed(ops.tick)(counter.arg, 1), 5000);
      const running = compute(slow, { ...own.computeOptions }).catch((e: unknown) => e);
      while (counter.read() < 1) await sleep(5);
      process.kill(counter.pids()[0]!, 'SIGKILL');
      const err = (await running) as TaskError;
      expect(err).toBeInstanceOf(TaskError);
      expect(err.key).toBe(slow.key);
      expect((err.cause as Error).message).toMatch(/failed on the workers: .*stalled/);
    } finally {
      await own.close();
    }
  });

  it('fails the compute with a clear error when Redis stops mid-run', async () => {
    const doomed = await startRedis();
    const own = await LocalCluster.start({ workers: 1, connection: doomed.url, ops: OPS, stopTimeoutMs: 500 });
    try {
      const tasks = Array.from({ length: 30 }, (_, i) => delayed(ops.spin)(i, 100));
      const running = compute(tasks, { ...own.computeOptions }).catch((e: unknown) => e);
      await sleep(400);
      await doomed.stop('SIGKILL');
      const err = (await running) as Error;
      expect(err.message).toMatch(/lost (the connection to|the reply channel on) Redis at redis:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await own.close();
      await doomed.stop();
    }
  });

  it('stops a worker on SIGTERM when its Redis is gone: it exits by itself instead of waiting for Redis until SIGKILL', async () => {
    const doomed = await startRedis();
    const own = await LocalCluster.start({ workers: 1, connection: doomed.url, ops: OPS, stopTimeoutMs: 20_000 });
    const worker = own.processes[0]!;
    try {
      await doomed.stop('SIGKILL');
      await own.close();
      expect(worker.signalCode).toBeNull();
      expect(worker.exitCode).toBe(0);
    } finally {
      await own.close();
      await doomed.stop();
    }
  });

  it('takes the workers and the private redis-server of a LocalCluster whose script was killed outright (SIGKILL) with it', async () => {
    const child = spawn(process.execPath, ['--conditions=dusk-source', '--import', 'tsx', 'test/distributed/fixtures/unclosed.ts', 'wait'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    for (let i = 0; i < 300 && !out.includes('"value"'); i++) await sleep(100);
    const started = JSON.parse(out.split('\n')[0]!) as { pids: number[]; redis: string };
    child.kill('SIGKILL');
    expect(await leftAlive(started)).toEqual({ workers: [], redis: false });
  });

  it('runs a one-file script that starts a LocalCluster of itself: its workers read it only up to defineOps (no fork bomb)', async () => {
    const r = await promisify(execFile)(process.execPath, ['--conditions=dusk-source', '--import', 'tsx', 'test/distributed/fixtures/notebook-cluster.ts'], { encoding: 'utf8', timeout: 60_000 });
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { pids?: number[]; value?: number[] });
    const result = lines.find((l) => l.value !== undefined)!;
    expect(result.value).toEqual([1, 4, 9]);
    expect(result.pids).toHaveLength(2);
    // nothing that read the script is left running (before, each worker started a cluster of its own, without end)
    const readers = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d) && Number(d) !== process.pid).filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('notebook-cluster.ts');
      } catch {
        return false;
      }
    });
    for (let i = 0; i < 50 && readers().length > 0; i++) await sleep(100);
    expect(readers()).toEqual([]);
  });

  it('refuses a LocalCluster started by a module a worker process imports for its ops, naming the module and the fix', async () => {
    const r = await promisify(execFile)(process.execPath, ['--conditions=dusk-source', '--import', 'tsx', 'packages/distributed/bin/dusk-worker.mjs', '--ops', 'test/distributed/fixtures/notebook-cluster.ts', '--queue', 'never'], {
      encoding: 'utf8', timeout: 30_000, env: { ...process.env, DUSK_REDIS_URL: env.redis.url, DUSK_WORKER_FROM_SOURCE: '1' },
    }).then(() => ({ code: 0, stderr: '' }), (e: { code: unknown; stderr: string }) => ({ code: e.code, stderr: e.stderr }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dusk-worker: cannot import --ops "test\/distributed\/fixtures\/notebook-cluster.ts": LocalCluster.start: refused — it was started while a dusk worker process imported file:.*notebook-cluster.ts to get its ops.*start dusk-worker with --script/);
  });

  it.each(['ends', 'crash'])('a script that leaves its LocalCluster open %s by itself, and its worker processes and redis-server end with it', async (mode) => {
    const r = await promisify(execFile)(process.execPath, ['--conditions=dusk-source', '--import', 'tsx', 'test/distributed/fixtures/unclosed.ts', mode], { encoding: 'utf8', timeout: 30_000 })
      .then((x) => ({ code: 0, stdout: x.stdout, stderr: x.stderr }), (e: { code: unknown; killed?: boolean; stdout: string; stderr: string }) => ({ code: e.killed ? 'killed' : e.code, stdout: e.stdout, stderr: e.stderr }));
    const [started, result] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { pids?: number[]; redis?: string; value?: number });
    if (mode === 'crash') {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('failed on purpose');
    } else {
      expect(r.code).toBe(0);
      expect(result!.value).toBe(42);
    }
    expect(await leftAlive({ pids: started!.pids!, redis: started!.redis! })).toEqual({ workers: [], redis: false });
  });

  it('fails at once with the endpoint named when Redis is unreachable', async () => {
    const gone = await startRedis();
    await gone.stop();
    const err = (await compute(delayed(ops.inc)(1), { scheduler: 'distributed', connection: gone.url }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${gone.port}`));
  });

  it('fails at once on a database number Redis does not have, naming it, instead of using database 0', async () => {
    const url = `${env.redis.url}/99`;
    const err = (await compute(delayed(ops.inc)(1), { scheduler: 'distributed', connection: url }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/99: ERR DB index is out of range/);
  });

  it("refuses an op outside the workers' modules, and the refusal reaches the client as a TaskError", async () => {
    const x = delayed(genericOps.describeArg)(new Float64Array(3) as never);
    const err = (await compute(x, { ...env.cluster.computeOptions }).catch((e: unknown) => e)) as TaskError;
    expect(err).toBeInstanceOf(TaskError);
    expect(err.op).toBe('describeArg');
    expect((err.cause as Error & { code: string }).code).toBe('E_OP_REFUSED');
    expect((err.cause as Error).message).toMatch(/refuses op 'describeArg' of file:.*generic-ops\.ts: not defined by the modules it was started with \(--ops .*ops\.ts\)/);
  });

  it('serves two clients (another process and this one) at once without mixing their data', async () => {
    const other = promisify(execFile)(process.execPath, ['--conditions=dusk-source', '--import', 'tsx', 'test/distributed/fixtures/client.ts', env.redis.url, '300', '1000'], { encoding: 'utf8' });
    const mine = Array.from({ length: 300 }, (_, i) => delayed(ops.add)(delayed(ops.spin)(i, 1), -1000));
    const [theirs, ours] = await Promise.all([other, compute(mine, { ...env.cluster.computeOptions })]);
    const base = (299 * 300) / 2;
    expect(JSON.parse(theirs.stdout.trim())).toEqual({ sum: base + 300 * 1000 });
    expect(ours.reduce((a, b) => a + b, 0)).toBe(base - 300 * 1000);
  });

  it("aborts: rejects with an AbortError, stops the workers' tasks and removes the run's jobs and data", async () => {
    const counter = fileCounter();
    const chains = Array.from({ length: 40 }, (_, i) => delayed(ops.tick)(counter.arg, delayed(ops.sleep)(i, 100)));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 400);
    const err = await compute(chains, { ...env.cluster.computeOptions, signal: ac.signal, optimizeGraph: false, inlineBytes: 0 }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    const queue = new Queue('dusk', { connection: { url: env.redis.url } });
    try {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed');
      expect(counts).toEqual({ waiting: 0, prioritized: 0, delayed: 0 });
    } finally {
      await queue.close();
    }
    await sleep(600);
    const after = counter.read();
    expect(after).toBeLessThan(40);
    await sleep(400);
    expect(counter.read()).toBe(after);
    expect(await runKeys(env.redis.url)).toEqual([]);
  });

  it('ends a task still running after its run was aborted (its thread is replaced), so the workers serve the next compute', async () => {
    // Two tasks that would spin for 10 minutes, one per worker; the abort closes the run.
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 500);
    const stuck = [0, 1].map((i) => delayed(ops.spin)(i, 600_000));
    const err = await compute(stuck, { ...env.cluster.computeOptions, signal: ac.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    // Before, both workers kept spinning (and heartbeating), and this compute waited for ever.
    expect(await compute([2, 3].map((i) => delayed(ops.inc)(i)), { ...env.cluster.computeOptions, workerTimeoutMs: 20_000 })).toEqual([3, 4]);
  });

  // Last: it kills the shared cluster's workers.
  it('fails the compute after workerTimeoutMs when every worker is gone, naming the queue', async () => {
    const tasks = Array.from({ length: 16 }, (_, i) => delayed(ops.spin)(i, 200));
    const running = compute(tasks, { ...env.cluster.computeOptions, workerTimeoutMs: 1500 }).catch((e: unknown) => e);
    await sleep(400);
    for (const p of env.cluster.processes) p.kill('SIGKILL');
    const err = (await running) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/no dusk worker alive on queue 'dusk' at redis:\/\/127\.0\.0\.1:\d+ for 1500 ms/);
  });
});
