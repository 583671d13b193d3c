/**
 * `LocalCluster`: worker processes on this machine against a given Redis, as Dask's
 * `LocalCluster` — for trying `distributed` out, for tests, and for a machine's share of a
 * cluster.
 *
 *     await using cluster = await LocalCluster.start({ workers: 2, ops: ['./my-ops.ts'] });
 *     await compute(x, cluster.computeOptions);
 *
 * Given a `connection`, its workers join that Redis (other machines' workers can join it too);
 * without one it starts a private redis-server on a free loopback port, as Dask's LocalCluster
 * starts its own scheduler.
 *
 * Each worker is a `dusk-worker` process (`bin/dusk-worker.mjs`, started with this Node and, when
 * this package runs from its TypeScript sources, `--conditions=dusk-source`). `start` resolves
 * once every worker said it is ready, and rejects with a worker's own error output when one exits
 * first. `close()` (or `await using`) stops them with SIGTERM (running batches finish), SIGKILL
 * after `stopTimeoutMs`. A process that dies is not restarted: its batches go to the others.
 * Ready workers (and a private redis-server) are tied to this process (`children.ts`): a script
 * that ends or fails without closing its cluster still ends, and takes them with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isEntryScript, parseOptions, refuseComputeWhileLoading } from 'dusk-graph/internal';
import { holdUntilExit, whenReady } from './children.ts';
import { moduleSpecifier } from './worker/modules.ts';
import { workerFields } from './options.ts';
import type { WorkerOptions } from './worker/worker.ts';
import { startRedisServer, type RedisServer } from './redis-server.ts';

export interface LocalClusterOptions extends Omit<WorkerOptions, 'connection'> {
  /** Worker processes. @default 2 */
  workers?: number;
  /**
   * Redis URL the workers connect to (`redis://` or `rediss://`, with credentials if needed).
   * Without one, the cluster starts a private redis-server on a free loopback port (no
   * persistence) and stops it on `close()`. The other options are each worker's (`WorkerOptions`).
   */
  connection?: string;
  /** How long `close()` waits for a worker to stop before SIGKILL. @default 5000 */
  stopTimeoutMs?: number;
}

const schema = z.strictObject({
  workers: z.int().min(1).max(256).default(2),
  connection: z.string().regex(/^rediss?:\/\//, { message: 'expected a redis:// or rediss:// URL' }).optional(),
  ...workerFields,
  stopTimeoutMs: z.int().min(0).max(600_000).default(5000),
});

const BIN = fileURLToPath(new URL('../bin/dusk-worker.mjs', import.meta.url));
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const READY_TIMEOUT_MS = 60_000;

export class LocalCluster implements AsyncDisposable {
  readonly processes: ChildProcess[] = [];
  /** The Redis URL the workers use. */
  readonly connection: string;
  private readonly o: z.output<typeof schema>;
  private closing: Promise<void> | undefined;

  private constructor(o: z.output<typeof schema>, connection: string, private readonly redis: RedisServer | undefined) {
    this.o = o;
    this.connection = connection;
  }

  /** Start the workers (and a private Redis when no connection is given); resolves when all are ready. */
  static async start(options: LocalClusterOptions): Promise<LocalCluster> {
    // A worker importing a script for its ops must never start a cluster of its own (a fork bomb).
    refuseComputeWhileLoading('LocalCluster.start');
    const o = parseOptions('LocalCluster', schema, options);
    const redis = o.connection === undefined ? await startRedisServer() : undefined;
    const c = new LocalCluster(o, o.connection ?? redis!.url, redis);
    try {
      await Promise.all(Array.from({ length: c.o.workers }, () => c.spawnOne()));
    } catch (e) {
      await c.close();
      throw e;
    }
    return c;
  }

  /** Options selecting this cluster in `compute` (and its shared directory, if any). */
  get computeOptions(): { scheduler: 'distributed'; connection: string; queue: string; sharedDir?: string } {
    const o = { scheduler: 'distributed', connection: this.connection, queue: this.o.queue } as const;
    return this.o.sharedDir === undefined ? o : { ...o, sharedDir: this.o.sharedDir };
  }

  get pids(): number[] {
    return this.processes.map((p) => p.pid!);
  }

  /** Start one more worker (e.g. after one was killed); resolves when it is ready. */
  spawnOne(): Promise<void> {
    const o = this.o;
    const args = [
      ...(FROM_SOURCE ? ['--conditions=dusk-source'] : []),
      BIN, '--queue', o.queue, '--concurrency', String(o.concurrency), '--lock-ms', String(o.lockMs), '--max-stalls', String(o.maxStalls),
      // The script that starts the cluster, among its op modules, is read by each worker only up to its defineOps call.
      ...o.ops.flatMap((m) => {
        const spec = moduleSpecifier(m);
        const script = isEntryScript(spec) || (o.scripts ?? []).some((x) => moduleSpecifier(x) === spec);
        return [script ? '--script' : '--ops', spec];
      }),
      ...(o.sharedDir !== undefined ? ['--shared-dir', o.sharedDir] : []),
    ];
    // The URL goes in the environment, not the command line, where `ps` would show a password.
    // DUSK_WORKER_PARENT: a worker whose parent dies (even by SIGKILL, which runs no exit handler
    // here) stops by itself, and takes a private redis-server with it (DUSK_WORKER_PRIVATE_REDIS).
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env, DUSK_REDIS_URL: this.connection, DUSK_WORKER_PARENT: String(process.pid),
        ...(this.redis !== undefined ? { DUSK_WORKER_PRIVATE_REDIS: '1' } : {}), ...(FROM_SOURCE ? { DUSK_WORKER_FROM_SOURCE: '1' } : {}),
      },
    });
    this.processes.push(child);
    return whenReady(child, `LocalCluster: worker ${child.pid}`, / ready: /, READY_TIMEOUT_MS);
  }

  /** Stop every worker (SIGTERM, then SIGKILL after `stopTimeoutMs`), then a private Redis. Idempotent. */
  close(): Promise<void> {
    return (this.closing ??= Promise.all(this.processes.map((p) => this.stop(p))).then(() => this.redis?.stop()));
  }

  private stop(p: ChildProcess): Promise<void> {
    if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    holdUntilExit(p);
    return new Promise<void>((resolve) => {
      const kill = setTimeout(() => p.kill('SIGKILL'), this.o.stopTimeoutMs);
      p.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      p.kill('SIGTERM');
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
