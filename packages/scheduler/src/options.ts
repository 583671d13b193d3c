/**
 * The options `compute`/`persist` accept once `dusk-scheduler` is imported: declared on
 * `dusk-graph`'s `ComputeOptions` by module augmentation, validated once per compute with zod
 * (strict: a misspelled option is an error naming it). The schema extends `dusk-graph`'s own
 * (`scheduler`, `optimizeGraph`) and is the one every layer of defaults is checked with:
 * `configure`, `withConfig` and the `DUSK_*` environment variables (all options but `signal`,
 * which belongs to one call; `pool` and `workers` exclude each other across layers).
 */
import { z } from 'zod';
import { computeOptionsSchema, parseOptions, registerConfigSchema } from 'dusk-graph/internal';
import { isCallback, type Callback } from './callbacks/callbacks.ts';
import { Pool } from './pool/pool.ts';

declare module 'dusk-graph' {
  interface ComputeOptions {
    /**
     * Worker threads for `threads` (selects the shared pool of that size).
     * @default os.availableParallelism()
     */
    workers?: number;
    /** Run on this pool (from `createPool`) instead of a shared one. */
    pool?: Pool;
    /**
     * Cancel the compute: it rejects with an AbortError; workers still running (or awaiting in)
     * its tasks are terminated and replaced, so even an op stuck in a loop stops.
     */
    signal?: AbortSignal;
    /**
     * Per-task time limit in milliseconds. A worker task running longer fails the compute with a
     * TimeoutError naming its key and the limit, and its worker is terminated and replaced; an
     * async task on the main thread that has not settled by then fails the compute too (it
     * cannot be stopped: its result is ignored). A fused task counts as one task. A worker's
     * one-time import of op modules is not counted (it is stopped only after a minute, or the
     * timeout if longer). With a timeout, worker ops never run inline on the main thread
     * (`inlineBelowUs` is ignored), where a hanging one could not be stopped.
     * @default undefined (no limit)
     */
    timeout?: number;
    /** Callbacks for this compute, after the globally registered ones. */
    callbacks?: readonly Callback[];
    /**
     * Estimated work per worker batch, in milliseconds: small tasks are grouped up to this much.
     * Larger batches mean fewer round trips (and more slack when the main thread is slow to
     * answer, as on a busy machine); smaller ones balance the tail of a run more finely.
     * Without it, `threads` counts tasks under 5 ms as short and groups them up to 20 ms, and a
     * longer task takes the tasks that only wait for it along (an image's chain of steps).
     * @default 5 for `threads` (250 for `distributed`, whose round trips and data moves cost more)
     */
    batchMs?: number;
    /**
     * The library's own worker tasks (dusk-image-ops') measured below this many microseconds
     * run inline on the main thread (0 never). The user's ops stay on workers however cheap they
     * measure — one call may block or end its thread — unless registered with `{ cheap: true }`.
     * The library's own ready tasks known to take under
     * 1 ms together, on inputs of at most 256 KiB, also run inline when no worker has work of
     * this compute, where a round trip would cost more than the tasks (0 turns that off too).
     * @default 2
     */
    inlineBelowUs?: number;
  }
}

const schema = computeOptionsSchema.extend({
  workers: z.int().min(1).max(1024).optional(),
  pool: z.instanceof(Pool, { message: 'expected a Pool from createPool()' }).optional(),
  signal: z.instanceof(AbortSignal, { message: 'expected an AbortSignal' }).optional(),
  timeout: z.number().positive().max(0x7fffffff).optional(),
  callbacks: z
    .array(z.custom<Callback>(isCallback, { message: 'expected an object with start/pretask/posttask/finish functions' }))
    .optional(),
  // Each executor has its own default (`threads` 5 ms, see get.ts; `distributed` its own).
  batchMs: z.number().positive().max(60_000).optional(),
  inlineBelowUs: z.number().min(0).default(2),
});

export type ParsedOptions = z.output<typeof schema>;

const EXCLUSIVE = [['pool', 'workers']] as const;
registerConfigSchema(schema.omit({ signal: true }), EXCLUSIVE);

/** Options an executor adds to the common ones (`registerExecutor`), validated with them. */
export type ExtraOptions = Readonly<Record<string, z.ZodType>>;

const extended = new WeakMap<ExtraOptions, z.ZodType>();
let configExtras: Record<string, z.ZodType> = {};

/**
 * Accept an executor's own fields in `configure` / `withConfig` too (a registered executor's
 * options are defaults like the others).
 */
export function registerExtraOptions(extra: ExtraOptions): void {
  configExtras = { ...configExtras, ...extra };
  registerConfigSchema(schema.omit({ signal: true }).extend(configExtras), EXCLUSIVE);
}

/**
 * Validate `options` once: the common fields above, plus `extra` (the chosen executor's own
 * fields); any other key is an error naming it.
 */
export function parseSchedulerOptions(where: string, options: unknown, extra?: ExtraOptions): ParsedOptions & Record<string, unknown> {
  let s: z.ZodType = schema;
  if (extra) {
    s = extended.get(extra) ?? schema.extend(extra);
    extended.set(extra, s);
  }
  const o = parseOptions(where, s, options) as ParsedOptions & Record<string, unknown>;
  if (o.pool && o.workers !== undefined && o.workers !== o.pool.workers) {
    throw new TypeError(`${where}: option 'workers' (${o.workers}) disagrees with option 'pool' (a pool of ${o.pool.workers} workers)`);
  }
  if (o.pool?.closed) throw new TypeError(`${where}: option 'pool' is closed`);
  return o;
}
