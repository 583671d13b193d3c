/**
 * One job on a worker: fetch the batch, check it, run it on this process's thread pool, store
 * and push the reply.
 *
 * 1. Read the payload and the run's `closed` flag in one round trip; a closed (finished or
 *    aborted) run's batch is dropped unrun.
 * 2. Refuse a batch naming an op outside this worker's modules (`modules.ts`): the reply fails
 *    the first task using it, with an error that reaches the client's `TaskError`.
 * 3. Decode steps and inputs with this process's codecs (a value needing any other codec fails
 *    to decode and fails the batch's first task), fetch the `RemoteRef` inputs (only keys under
 *    the run's own prefix, files of the run's own directory: `data/fetch.ts`), then re-encode for the pool: the codec modules the pool threads load
 *    are the ones this process used, never URLs from the job.
 * 4. Run it on the pool (`BatchMessage`, as the `threads` executor does; the pool's threads
 *    import the same op module URLs), while polling the run's `closed` flag into the batch's
 *    cancel cell, so an abort stops the batch between tasks — and a task still running
 *    `CANCEL_GRACE_MS` after the run closed has its thread terminated (piscina replaces it).
 * 5. Results above the run's `inlineBytes` go to their own keys (with the run's TTL) as
 *    `RemoteRef`s — above `sharedAboveBytes`, to the shared directory when both sides have one; the reply goes onto the run's reply list and the payload key is deleted, in
 *    one pipeline.
 */
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { decodeWire, encodeWire } from 'dusk-graph/internal';
import { BATCH_DONE, newControl, NOT_STARTED, progressCell, readSlot, taskOfCell, toWireError, type BatchMessage, type BatchReply, type FailedReply, type Pool } from 'dusk-scheduler';
import { binaryToEncoded, encodedToBinary } from '../data/binary.ts';
import { resolveRefs } from '../data/fetch.ts';
import { SharedStore } from '../data/shared.ts';
import type { JobData, Payload, Reply } from '../data/job.ts';
import { RemoteRef } from '../data/ref.ts';
import { clientRepliesKey, closedKey, dataKey, payloadKey, runPrefix } from '../keys.ts';
import { firstRefused, refusal } from './modules.ts';

const CANCEL_POLL_MS = 200;
/** How long a batch of a closed run may keep running before its thread is terminated. */
export const CANCEL_GRACE_MS = 2000;

export interface BatchContext {
  readonly redis: Redis;
  readonly pool: Pool;
  readonly queue: string;
  /** The `--ops` arguments, for refusals. */
  readonly modules: readonly string[];
  /** The shared directory (`--shared-dir`), if any. */
  readonly shared: SharedStore | undefined;
}

const HOST = hostname();

function failed(index: number, error: unknown, n: number): FailedReply {
  return {
    kind: 'failed', thread: 0, results: [], sent: new Uint8Array(n), times: new Float64Array(2 * n), bytes: undefined, ran: 0,
    failure: { index, step: -1, error: toWireError(error) },
  };
}

/** Push `reply` onto `client`'s reply list, after `extra` commands, in one pipeline. */
export async function pushReply(ctx: BatchContext, client: string, reply: Reply, ttl: number, extra?: (p: ReturnType<Redis['pipeline']>) => void): Promise<void> {
  const key = clientRepliesKey(ctx.queue, client);
  const p = ctx.redis.pipeline();
  extra?.(p);
  p.rpush(key, encodedToBinary(reply)).expire(key, ttl);
  const res = await p.exec();
  for (const [err] of res ?? []) if (err) throw err;
}

export async function runJob(ctx: BatchContext, job: JobData): Promise<void> {
  const run = runPrefix(ctx.queue, job.run);
  const pk = payloadKey(run, job.serial);
  const [[e1, buf], [e2, closed]] = (await ctx.redis.pipeline().getBuffer(pk).exists(closedKey(run)).exec()) as [[Error | null, Buffer | null], [Error | null, number]];
  if (e1 || e2) throw e1 ?? e2;
  if (closed === 1) return;
  if (!buf) throw new Error(`dusk-worker: payload ${pk} is missing (expired, or the run was cleaned up)`);
  const msg = binaryToEncoded(buf) as Payload;
  const reply = await execute(ctx, job.run, run, msg);
  // Cancelled: the run was closed (that is what sets the flag), so there is nothing to report.
  if (reply.kind === 'cancelled') return void (await ctx.redis.del(pk));
  // Large results stay in Redis (or, larger still, in the shared directory), referenced.
  const big: [string, Buffer][] = [];
  const files: Promise<void>[] = [];
  const toFiles = ctx.shared !== undefined && msg.sharedAboveBytes !== undefined;
  const results = reply.results.map((r, i) => {
    const b = encodedToBinary(r);
    if (b.length <= msg.inlineBytes) return r;
    if (toFiles && b.length > msg.sharedAboveBytes!) {
      const rel = SharedStore.relPath(job.run, job.serial, i);
      files.push(ctx.shared!.write(rel, job.run, b));
      return encodeWire(new RemoteRef('', b.length, rel));
    }
    const key = dataKey(run, job.serial, i);
    big.push([key, b]);
    return encodeWire(new RemoteRef(key, b.length));
  });
  await Promise.all(files);
  const out: Reply = { ...reply, results, run: job.run, serial: job.serial, host: HOST, pid: process.pid };
  // The run ended meanwhile (failed elsewhere, aborted): write nothing it would have to clean up.
  if ((await ctx.redis.exists(closedKey(run))) === 1) return void (await ctx.redis.del(pk));
  await pushReply(ctx, job.client, out, msg.ttlSeconds, (p) => {
    for (const [k, b] of big) p.set(k, b, 'EX', msg.ttlSeconds);
    p.del(pk);
  });
}

async function execute(ctx: BatchContext, runId: string, run: string, msg: Payload): Promise<BatchReply> {
  const n = msg.tasks.length;
  const refused = firstRefused(msg.ops);
  if (refused >= 0) {
    const j = Math.max(0, msg.tasks.findIndex((steps) => steps.some((s) => s[0] === refused)));
    return failed(j, refusal(msg.ops[refused]!, HOST, process.pid, ctx.modules), n);
  }
  let tasks: Payload['tasks'];
  let inputs: unknown[];
  const codecs = new Set<string>();
  try {
    const values = decodeWire(msg.inputs) as unknown[];
    await resolveRefs(values, ctx.redis, ctx.shared, runId, run, true);
    inputs = encodeWire(values, codecs) as unknown[];
    tasks = msg.tasks.map((steps) => steps.map(([op, args, mode]) => [op, encodeWire(decodeWire(args), codecs) as unknown[], mode] as const));
  } catch (e) {
    return failed(0, e, n);
  }
  const control = newControl(1);
  let closedAt = 0;
  const poll = setInterval(() => {
    ctx.redis.exists(closedKey(run)).then((c) => {
      if (c !== 1) return;
      Atomics.store(control, 0, 1);
      closedAt ||= Date.now();
      // A task that does not return (a loop, a hung await) never reaches "between tasks": its
      // thread is ended and replaced, as the threads executor does on an abort, so the worker
      // stays free for other runs.
      const { thread } = readSlot(control, 0);
      if (thread !== 0 && Date.now() - closedAt >= CANCEL_GRACE_MS) ctx.pool.terminate(thread, new Error(`the run was closed (aborted or failed) while its task still ran ${CANCEL_GRACE_MS} ms later`));
    }, () => undefined);
  }, CANCEL_POLL_MS);
  try {
    const batch: BatchMessage = {
      kind: 'batch', ops: msg.ops, codecs: [...codecs], tasks: tasks as BatchMessage['tasks'], depStart: msg.depStart, depCodes: msg.depCodes,
      inputs, ret: msg.ret, control, slot: 0, measureBytes: msg.measureBytes, deadlineMs: msg.deadlineMs,
      epoch: performance.timeOrigin + performance.now(),
    };
    return await ctx.pool.run(batch);
  } catch (e) {
    // The pool thread died (an op called process.exit, an uncaught error): blame the task it was on.
    const cell = Atomics.load(control, progressCell(0));
    return failed(cell === NOT_STARTED || cell === BATCH_DONE ? 0 : taskOfCell(cell), e, n);
  } finally {
    clearInterval(poll);
  }
}
