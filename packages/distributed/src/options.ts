/**
 * Options of the `distributed` executor, declared on `dusk-graph`'s `ComputeOptions` (module
 * augmentation) and validated with the common scheduler options by `registerExecutor` (strict zod:
 * an unknown key is an error naming it; defaults are written here once).
 *
 * `connection` is a Redis URL (`redis://user:pass@host:6379/0`, `rediss://` for TLS) or an ioredis
 * options object (`{ host, port, password, tls: {...} }`), passed through to ioredis as given, so
 * auth and TLS work as they do for any ioredis client. `DUSK_REDIS_URL` is used when it is absent.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { RedisOptions } from 'ioredis';

declare module 'dusk-graph' {
  interface ComputeOptions {
    /** `distributed`: the Redis to reach workers through (URL or ioredis options). @default env DUSK_REDIS_URL */
    connection?: string | RedisOptions;
    /** `distributed`: the BullMQ queue the workers listen on. @default 'dusk' */
    queue?: string;
    /** `distributed`: fail the compute when no worker has been alive for this long (ms). @default 30000 */
    workerTimeoutMs?: number;
    /** `distributed`: results and payloads above this many bytes go to their own Redis key. @default 65536 */
    inlineBytes?: number;
    /** `distributed`: expiry of the run's keys in Redis, in seconds (a crashed client's data goes away). @default 3600 */
    ttlSeconds?: number;
    /**
     * `distributed`: a directory shared with the workers (their `--shared-dir`, e.g. an NFS mount;
     * absolute path). Results above `sharedAboveBytes` go there instead of into Redis.
     */
    sharedDir?: string;
    /** `distributed`: see `sharedDir`. @default 4194304 (4 MB) */
    sharedAboveBytes?: number;
  }
}

export const connectionSchema = z.union([
  z.string().regex(/^rediss?:\/\//, { message: "expected a redis:// or rediss:// URL" }),
  z.looseObject({}).refine((o) => !Array.isArray(o), { message: 'expected ioredis options' }),
]);

const QUEUE_RE = /^[A-Za-z0-9_.-]{1,64}$/;

/** A queue name, shared by clients and workers. @default 'dusk' */
const queueSchema = z.string().regex(QUEUE_RE, { message: 'expected 1-64 letters, digits, _ . -' }).default('dusk');

/** An existing directory, by absolute path. */
export const sharedDirSchema = z.string().refine((p) => isAbsolute(p), { message: 'expected an absolute path' })
  .refine((p) => existsSync(p) && statSync(p).isDirectory(), { message: 'expected an existing directory' });

/** The executor's own fields (validated together with the common scheduler options). */
export const distributedOptions = {
  connection: connectionSchema.optional(),
  queue: queueSchema,
  workerTimeoutMs: z.int().min(100).max(86_400_000).default(30_000),
  inlineBytes: z.int().min(0).max(512 * 1024 * 1024).default(64 * 1024),
  ttlSeconds: z.int().min(1).max(30 * 86_400).default(3600),
  sharedDir: sharedDirSchema.optional(),
  sharedAboveBytes: z.int().min(0).default(4 * 1024 * 1024),
} as const;

export interface DistributedOptions {
  connection: string | RedisOptions;
  queue: string;
  workerTimeoutMs: number;
  inlineBytes: number;
  ttlSeconds: number;
  sharedDir: string | undefined;
  sharedAboveBytes: number;
}

/** The connection to use: the option, else `DUSK_REDIS_URL`; an error naming both when neither is set. */
export function resolveConnection(where: string, c: string | RedisOptions | undefined): string | RedisOptions {
  if (c !== undefined) return c;
  const env = process.env.DUSK_REDIS_URL;
  if (env) {
    const r = connectionSchema.safeParse(env);
    if (!r.success) throw new TypeError(`${where}: environment variable DUSK_REDIS_URL must be a redis:// or rediss:// URL (received ${JSON.stringify(env)})`);
    return env;
  }
  throw new TypeError(`${where}: option 'connection' is required (a redis:// URL or ioredis options; or set DUSK_REDIS_URL)`);
}

/** The options a worker process takes, shared by `startWorker` and `LocalCluster` (defaults once). */
export const workerFields = {
  ops: z.array(z.string().min(1)).min(1),
  scripts: z.array(z.string().min(1)).optional(),
  concurrency: z.int().min(1).max(1024).default(1),
  queue: queueSchema,
  lockMs: z.int().min(200).max(3_600_000).default(10_000),
  maxStalls: z.int().min(0).max(100).default(2),
  sharedDir: sharedDirSchema.optional(),
};
