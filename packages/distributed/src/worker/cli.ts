/**
 * The `dusk-worker` command line:
 *
 *     dusk-worker --connection redis://host:6379 --ops ./my-ops.js [--ops dusk-image-ops] [--script ./notebook.ts]
 *                 [--concurrency N] [--queue dusk] [--lock-ms 10000] [--max-stalls 2] [--shared-dir DIR]
 *
 * `--connection` defaults to the environment variable DUSK_REDIS_URL (put a password there rather
 * than on the command line, where `ps` shows it). Prints one line when ready
 * (`dusk-worker <host:pid> ready: ...`), stops cleanly on SIGINT/SIGTERM (running batches finish),
 * and exits with status 2 and a message on a bad argument or an unreachable Redis.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { startWorker } from './worker.ts';

const USAGE = 'usage: dusk-worker --connection redis://host:6379 --ops ./my-ops.js [--ops ...] [--script ./notebook.ts] [--concurrency N] [--queue NAME] [--lock-ms MS] [--max-stalls N] [--shared-dir DIR]';

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new TypeError(`dusk-worker: --${name} must be a whole number (received ${JSON.stringify(v)})`);
  return Number(v);
}

/** How often a LocalCluster's worker checks that the process that started it is alive. */
const PARENT_POLL_MS = 1000;

/**
 * A worker started by a LocalCluster (DUSK_WORKER_PARENT) stops when that process is gone — killed
 * outright, it ran no exit handler to stop its workers — and then shuts down the cluster's
 * private redis-server (DUSK_WORKER_PRIVATE_REDIS), which nothing else would stop.
 */
function watchParent(close: () => Promise<void>): void {
  const parent = Number(process.env.DUSK_WORKER_PARENT);
  if (!Number.isInteger(parent) || parent <= 0) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    const url = process.env.DUSK_REDIS_URL;
    const redis = process.env.DUSK_WORKER_PRIVATE_REDIS === '1' && url ? new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 }) : undefined;
    // Running batches get a few seconds to finish; a stuck one does not hold the orphan here.
    void Promise.race([close(), new Promise((r) => setTimeout(r, 5000))])
      .then(() => redis?.connect().then(() => redis.call('SHUTDOWN', 'NOSAVE')))
      .catch(() => undefined)
      .finally(() => process.exit(0));
  }, PARENT_POLL_MS);
  timer.unref();
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      connection: { type: 'string' },
      ops: { type: 'string', multiple: true },
      script: { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      queue: { type: 'string' },
      'lock-ms': { type: 'string' },
      'max-stalls': { type: 'string' },
      'shared-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const scripts = values.script ?? [];
  if (!values.ops?.length && !scripts.length) throw new TypeError('dusk-worker: at least one --ops module (or --script) is required: the op modules this worker may run');
  const w = await startWorker({
    ops: [...(values.ops ?? []), ...scripts],
    ...(scripts.length ? { scripts } : {}),
    ...(values.connection !== undefined ? { connection: values.connection } : {}),
    ...(values.concurrency !== undefined ? { concurrency: int('concurrency', values.concurrency)! } : {}),
    ...(values.queue !== undefined ? { queue: values.queue } : {}),
    ...(values['lock-ms'] !== undefined ? { lockMs: int('lock-ms', values['lock-ms'])! } : {}),
    ...(values['max-stalls'] !== undefined ? { maxStalls: int('max-stalls', values['max-stalls'])! } : {}),
    ...(values['shared-dir'] !== undefined ? { sharedDir: resolve(values['shared-dir']) } : {}),
  });
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    void w.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  watchParent(() => w.close());
  // Only now: whoever waits for this line may signal at once (LocalCluster.close right after start).
  console.log(`dusk-worker ${w.id} ready: ${w.concurrency} thread(s), ops ${[...(values.ops ?? []), ...scripts].join(', ')}`);
}

/** The command-line flag of each `startWorker` option, so a message names what the user typed. */
const FLAGS: Record<string, string> = { ops: '--ops', scripts: '--script', connection: '--connection', concurrency: '--concurrency', queue: '--queue', lockMs: '--lock-ms', maxStalls: '--max-stalls', sharedDir: '--shared-dir' };

main(process.argv.slice(2)).catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  console.error(message.replace(/^startWorker: option '(\w+)'/, (all, k: string) => (FLAGS[k] ? `dusk-worker: ${FLAGS[k]}` : all)));
  console.error(USAGE);
  process.exit(2);
});
