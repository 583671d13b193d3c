/**
 * The fuzzer's read host: a child process that reads the files it is sent, one at a time, and
 * reports how each read ended. Started by `ReadHost` (host.ts) with a V8 heap cap; the parent
 * watches its time and resident memory and kills it when a read hangs or grows too large.
 *
 * Protocol (IPC): the child sends `{ ready: true }` once loaded; each job `{ id, reader, path }`
 * is answered by `{ id, outcome: 'ok' | 'ImageIOError' | 'other error', message?, maxRssKB,
 * grewKB }`, where `maxRssKB` is the process's peak resident size so far
 * (`process.resourceUsage().maxRSS`) and `grewKB` how much that peak rose during this read — a
 * read that raised it owns the new peak. Chunked readers compute with the `sync` scheduler, so
 * everything runs in this one thread; a failure inside their tasks arrives as the scheduler's
 * `TaskError` and is classified by its `cause`.
 */
import { clearRecycled, fromNpy, fromRaw, fromTiff, io } from 'duskjs';
import { RAW_LAYOUT, type Reader } from './seeds.ts';

interface Job { id: number; reader: Reader; path: string }

async function read(reader: Reader, path: string): Promise<unknown> {
  const sync = { scheduler: 'sync' } as const;
  switch (reader) {
    case 'imread': return io.imread(path);
    case 'readNpy': return io.readNpy(path);
    case 'readRaw': return io.readRaw(path, { dtype: RAW_LAYOUT.dtype, shape: [...RAW_LAYOUT.shape] });
    case 'fromNpy': return fromNpy(path).compute(sync);
    case 'fromTiff': return fromTiff(path).compute(sync);
    case 'fromRaw': return fromRaw(path, { dtype: RAW_LAYOUT.dtype, shape: [...RAW_LAYOUT.shape] }).compute(sync);
  }
}

process.on('message', (job: Job) => {
  const before = process.resourceUsage().maxRSS;
  void read(job.reader, job.path).then(
    () => ({ outcome: 'ok' as const }),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      // A chunked compute reports a task's failure as TaskError with the reader's error as cause.
      const cause = err.name === 'TaskError' && err.cause instanceof Error ? err.cause : err;
      const outcome = cause instanceof io.ImageIOError ? 'ImageIOError' as const : 'other error' as const;
      return { outcome, message: `${err.name}: ${err.message}`.slice(0, 400) };
    },
  ).then((r) => {
    clearRecycled();
    (globalThis as { gc?: () => void }).gc?.();
    const after = process.resourceUsage().maxRSS;
    process.send!({ id: job.id, ...r, maxRssKB: after, grewKB: after - before });
  });
});

process.on('disconnect', () => process.exit(0)); // the parent is gone: so is the work
process.send!({ ready: true });
