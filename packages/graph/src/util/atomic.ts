/**
 * `writeFileAtomic(path, data)`: write to a temporary file next to `path`, then rename it into
 * place. Readers see the old file or the complete new one, never a partial write; on failure the
 * temporary file is removed.
 *
 * Replacing keeps what a user set up at `path` (the rule lives in `atomicTarget`, used by every
 * atomic writer, here and in dusk-image-ops' io/atomic.ts):
 * - an existing file keeps its permission bits (a 0600 file stays 0600; a new file gets the
 *   usual 0666 minus the umask);
 * - a symlink is written through, as `cp` and editors do: its final target is replaced
 *   atomically (temporary file beside the target), and the link itself stays a link. A dangling
 *   link creates its target.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, readlinkSync } from 'node:fs';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';

/** This thread's random part of its temporary names (drawn on first use: one `randomBytes` per thread, not per file). */
let threadTag: string | undefined;
/** Temporary names made by this thread so far. */
let made = 0;

/**
 * A temporary path in the same directory as `path` (so the final rename cannot cross devices),
 * unique per process, thread and call: `.<name>.<pid>.<threadId>.<random>-<count>.tmp`, where the
 * random part (48 bits) is drawn once per thread and the count distinguishes its calls (a
 * `randomBytes` per call cost ~9 µs, a fifth of a tiny image's `imwrite`). The random part keeps
 * another process that reuses the pid, or a user's own file, from matching; writers open the name
 * exclusively (`wx`) anyway.
 */
export function tempPathFor(path: string): string {
  threadTag ??= randomBytes(6).toString('hex');
  return join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.${threadTag}-${(made++).toString(36)}.tmp`);
}

const NO_THROW_IF_MISSING = { throwIfNoEntry: false } as const;

/** Symlinks followed before giving up, as the kernel's own limit (ELOOP). */
const MAX_LINKS = 40;

/**
 * Where an atomic write of `path` goes — `path`, or the final target of the symlink at `path` —
 * and the permission bits to give the new file (undefined when it does not exist yet).
 */
export function atomicTarget(path: string): { target: string; mode: number | undefined } {
  let target = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let st;
    try {
      // A missing file is the common case (a batch writing new outputs): answered without an
      // exception, whose stack trace cost ~30 µs a call.
      st = lstatSync(target, NO_THROW_IF_MISSING);
    } catch {
      return { target, mode: undefined }; // a file the write itself will fail on (ENOTDIR, EACCES, ...)
    }
    if (st === undefined) return { target, mode: undefined }; // a new file
    if (!st.isSymbolicLink()) return { target, mode: st.mode & 0o7777 };
    target = resolve(dirname(target), readlinkSync(target));
  }
  throw Object.assign(new Error(`too many levels of symbolic links at ${JSON.stringify(path)}`), { code: 'ELOOP' });
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const { target, mode } = atomicTarget(path);
  const tmp = tempPathFor(target);
  try {
    await writeFile(tmp, data);
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    // Name the file asked for, not the temporary one the system error names.
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `its directory ${JSON.stringify(dirname(target))} does not exist` : `${code ?? (err as Error).message}`;
    throw Object.assign(new Error(`cannot write ${JSON.stringify(path)}: ${why}`, { cause: err }), code === undefined ? {} : { code });
  }
}
