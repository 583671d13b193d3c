/**
 * One compute's side of the workers: a `BatchRunner` (what the batching dispatcher of
 * `dusk-scheduler` sends batches to) over BullMQ and Redis, on the client's shared `Link`.
 *
 * - `run(msg)` writes the batch's payload (bytes, `data/binary.ts`) under the run's prefix and
 *   adds a BullMQ job naming it (and the client's reply list). Batches sent in the same tick go
 *   out together: one pipeline of payloads, one `addBulk`.
 * - Replies arrive through the link (`settle`); each settles its batch's promise. A `lost` reply
 *   (the job failed for good on the workers) settles it as a failure of the batch's first task.
 * - `localize` fetches `RemoteRef`s for the main thread; `releaseResult` deletes a released
 *   reference's key (deletions of one tick go together) or shared file.
 * - Faults become the run's error through `onFatal`, never a hang: a lost Redis connection (at
 *   once, through the link), no live worker for `workerTimeoutMs` while batches wait (checked
 *   every second), a failed enqueue.
 * - `cancel` marks the run closed (workers skip its jobs and stop its running batches between
 *   tasks); `close` does the same, removes its waiting jobs, deletes every key under the run's
 *   prefix except the closed marker (which expires) and the run's shared directory, and gives the
 *   link back.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BatchMessage, BatchReply, BatchRunner, Estimates } from 'dusk-scheduler';
import { encodedToBinary } from '../data/binary.ts';
import { resolveRefs } from '../data/fetch.ts';
import { SharedStore } from '../data/shared.ts';
import type { Payload, Reply } from '../data/job.ts';
import { RemoteRef, refsIn } from '../data/ref.ts';
import { where } from '../connection.ts';
import { closedKey, jobId, payloadKey, runPrefix } from '../keys.ts';
import type { DistributedOptions } from '../options.ts';
import { Link, type LinkedRun } from './link.ts';
import { aliveWorkers } from './liveness.ts';

interface Pending {
  readonly resolve: (r: BatchReply) => void;
  readonly reject: (e: unknown) => void;
  readonly n: number;
}

/** Seconds the closed marker outlives a run (longer than any batch a worker may still hold). */
const CLOSED_TTL_S = 600;

export class RemoteRun implements BatchRunner, LinkedRun {
  readonly runId = randomUUID();
  readonly prefix: string;
  readonly estimates: Estimates;
  closed = false;
  private serial = 0;
  private readonly pending = new Map<number, Pending>();
  private outbox: [number, Buffer][] = [];
  private doomed: string[] = [];
  private readonly watch: NodeJS.Timeout;
  private idleSince: number | undefined;
  private closing: Promise<void> | undefined;
  /** The enqueue in flight: `close` waits for it, so no job lands after the run's jobs were removed. */
  private flushing: Promise<void> = Promise.resolve();
  private readonly redis: Redis;
  private readonly shared: SharedStore | undefined;

  private constructor(
    private readonly o: DistributedOptions,
    private readonly link: Link,
    readonly workers: number,
    private readonly onFatal: (e: Error) => void,
  ) {
    this.prefix = runPrefix(o.queue, this.runId);
    this.redis = link.redis;
    this.shared = o.sharedDir === undefined ? undefined : new SharedStore(o.sharedDir);
    this.estimates = link.estimates;
    link.attach(this.runId, this);
    this.watch = setInterval(() => void this.checkWorkers(), Math.min(1000, o.workerTimeoutMs / 4));
  }

  static async open(o: DistributedOptions, onFatal: (e: Error) => void): Promise<RemoteRun> {
    const link = await Link.acquire(o.connection, o.queue);
    try {
      const alive = await aliveWorkers(link.redis, o.queue);
      return new RemoteRun(o, link, Math.max(1, alive.threads), onFatal);
    } catch (e) {
      link.release();
      throw e;
    }
  }

  fatal(e: Error): void {
    if (this.closed) return;
    this.onFatal(e);
  }

  run(msg: BatchMessage): Promise<BatchReply> {
    if (this.closed) return Promise.reject(new Error('the run is closed'));
    const serial = ++this.serial;
    const payload: Payload = {
      ops: msg.ops, tasks: msg.tasks, depStart: msg.depStart, depCodes: msg.depCodes, inputs: msg.inputs, ret: msg.ret,
      measureBytes: msg.measureBytes, deadlineMs: msg.deadlineMs, inlineBytes: this.o.inlineBytes, ttlSeconds: this.o.ttlSeconds,
      ...(this.shared ? { sharedAboveBytes: this.o.sharedAboveBytes } : {}),
    };
    const buf = encodedToBinary(payload);
    if (this.outbox.push([serial, buf]) === 1) setImmediate(() => { this.flushing = Promise.all([this.flushing, this.flush()]).then(() => undefined); });
    return new Promise<BatchReply>((resolve, reject) => this.pending.set(serial, { resolve, reject, n: msg.tasks.length }));
  }

  private async flush(): Promise<void> {
    const out = this.outbox;
    this.outbox = [];
    if (this.closed || out.length === 0) return;
    try {
      const p = this.redis.pipeline();
      for (const [s, b] of out) p.set(payloadKey(this.prefix, s), b, 'EX', this.o.ttlSeconds);
      for (const [err] of (await p.exec()) ?? []) if (err) throw err;
      await this.link.queue.addBulk(out.map(([s]) => ({
        name: 'batch',
        data: { run: this.runId, serial: s, client: this.link.clientId },
        opts: { jobId: jobId(this.runId, s), attempts: 1, removeOnComplete: true, removeOnFail: true },
      })));
    } catch (e) {
      this.fatal(new Error(`could not enqueue batches on Redis at ${where(this.o.connection)}: ${(e as Error).message}`, { cause: e }));
    }
  }

  settle(r: Reply): void {
    const p = this.pending.get(r.serial);
    if (!p) return;
    this.pending.delete(r.serial);
    if (r.kind !== 'lost') return p.resolve(r);
    // The job failed for good on the workers (e.g. its workers kept dying): fail its first task.
    p.resolve({
      kind: 'failed', host: r.host, pid: r.pid, thread: 0, results: [], sent: new Uint8Array(p.n), times: new Float64Array(2 * p.n), bytes: undefined, ran: 0,
      failure: { index: 0, step: -1, error: r.error },
    });
  }

  private async checkWorkers(): Promise<void> {
    if (this.closed) return;
    let threads: number;
    try {
      threads = (await aliveWorkers(this.redis, this.o.queue)).threads;
    } catch {
      return; // a lost connection is reported by its own handler
    }
    if (threads > 0 || this.pending.size === 0) return void (this.idleSince = undefined);
    const now = Date.now();
    this.idleSince ??= now;
    if (now - this.idleSince < this.o.workerTimeoutMs) return;
    this.fatal(new Error(
      `no dusk worker alive on queue '${this.o.queue}' at ${where(this.o.connection)} for ${this.o.workerTimeoutMs} ms ` +
        `(option 'workerTimeoutMs') with ${this.pending.size} batch(es) waiting; start some with: dusk-worker --connection <url> --ops <module>`,
    ));
  }

  /** Worker threads of other processes are not ended from here (a dead worker's jobs stall and are re-run). */
  terminate(): void {}

  terminated(): undefined {
    return undefined;
  }

  /** The values with every `RemoteRef` fetched; undefined when there is none. */
  localize(values: unknown[]): Promise<unknown[]> | undefined {
    if (refsIn(values).length === 0) return undefined;
    const out = values.slice();
    return resolveRefs(out, this.redis, this.shared, this.runId, this.prefix, false).then(() => out);
  }

  releaseResult(v: unknown): void {
    if (!(v instanceof RemoteRef) || this.closed) return;
    if (v.file !== undefined) return void this.shared?.remove(v.file, this.runId).catch(() => undefined);
    if (this.doomed.push(v.key) === 1) {
      setImmediate(() => {
        const keys = this.doomed;
        this.doomed = [];
        if (!this.closed) this.redis.unlink(...keys).catch(() => undefined);
      });
    }
  }

  /** Stop the run's batches: workers skip its waiting jobs and stop running ones between tasks. */
  cancel(): void {
    if (this.closed) return;
    this.redis.set(closedKey(this.prefix), '1', 'EX', Math.min(this.o.ttlSeconds, CLOSED_TTL_S)).catch(() => undefined);
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  private async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.watch);
    this.link.detach(this.runId);
    const err = new Error('the run is closed');
    for (const p of this.pending.values()) p.reject(err);
    const serials = [...this.pending.keys()];
    this.pending.clear();
    try {
      await this.redis.set(closedKey(this.prefix), '1', 'EX', Math.min(this.o.ttlSeconds, CLOSED_TTL_S));
      await this.flushing;
      await Promise.all(serials.map((s) => this.link.queue.remove(jobId(this.runId, s)).catch(() => 0)));
      await this.deleteRunKeys();
      await this.shared?.removeRun(this.runId);
    } catch {
      // Redis is gone: the keys expire with their TTL.
    } finally {
      this.link.release();
    }
  }

  /** Delete every key under the run's prefix but the closed marker. */
  private async deleteRunKeys(): Promise<void> {
    const keep = closedKey(this.prefix);
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 1000);
      cursor = next;
      const doomed = keys.filter((k) => k !== keep);
      if (doomed.length) await this.redis.unlink(...doomed);
    } while (cursor !== '0');
  }
}

