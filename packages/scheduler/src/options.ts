/**
 * The options `compute`/`persist` accept once `dusk-scheduler` is imported: declared on
 * `dusk-graph`'s `ComputeOptions` by module augmentation, validated once per compute with zod
 * (strict: a misspelled option is an error naming it).
 */
import { z } from 'zod';
import { parseOptions } from 'dusk-graph';
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
    /** Cancel the compute: it rejects with an AbortError; running worker tasks finish, their results are dropped. */
    signal?: AbortSignal;
    /** Callbacks for this compute, after the globally registered ones. */
    callbacks?: readonly Callback[];
    /**
     * Estimated work per worker batch, in milliseconds: small tasks are grouped up to this much.
     * Larger batches mean fewer round trips (and more slack when the main thread is slow to
     * answer, as on a busy machine); smaller ones balance the tail of a run more finely.
     * @default 5
     */
    batchMs?: number;
    /**
     * Worker tasks measured below this many microseconds run inline on the main thread (0 never).
     * @default 2
     */
    inlineBelowUs?: number;
  }
}

const schema = z.strictObject({
  scheduler: z.string().optional(),
  optimizeGraph: z.boolean().optional(),
  workers: z.int().min(1).max(1024).optional(),
  pool: z.instanceof(Pool, { message: 'expected a Pool from createPool()' }).optional(),
  signal: z.instanceof(AbortSignal, { message: 'expected an AbortSignal' }).optional(),
  callbacks: z
    .array(z.custom<Callback>(isCallback, { message: 'expected an object with start/pretask/posttask/finish functions' }))
    .optional(),
  batchMs: z.number().positive().max(60_000).default(5),
  inlineBelowUs: z.number().min(0).default(2),
});

export type ParsedOptions = z.output<typeof schema>;

/** Options an executor adds to the common ones (`registerExecutor`), validated with them. */
export type ExtraOptions = Readonly<Record<string, z.ZodType>>;

const extended = new WeakMap<ExtraOptions, z.ZodType>();

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
