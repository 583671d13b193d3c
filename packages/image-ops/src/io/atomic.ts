/**
 * Atomic file output: write to a temporary file beside the target, then rename it into place.
 *
 * A rename within one directory is atomic on POSIX file systems, so readers see either the old
 * file (or none) or the complete new one — never a half-written or truncated output. On any
 * failure the temporary file is removed and the target is left exactly as it was; a process
 * killed mid-write leaves at most a hidden `.<name>.<pid>.<thread>.<random>-<count>.tmp` beside it.
 *
 * - `writeFileAtomic(path, bytes)` writes a whole buffer; `writeFileAtomic(path, (file) => …)`
 *   lets an encoder stream its output piece by piece into the handle.
 * - `openAtomic(path, { size })` returns an `AtomicFile` handle (`fd`, `tempPath`, `write`,
 *   `commit()`, `abort()`, and `using` support) for writers that fill a file chunk by chunk, in any
 *   order: `size` preallocates the file (sparse) and `write(bytes, position)` is a positional
 *   write. Worker threads write by opening `tempPath` themselves (not through `fd`: a task still
 *   running after an abort must not write through a descriptor number the OS has reused); the
 *   opening thread alone commits or aborts.
 *
 * Style: synchronous file I/O throughout — I/O runs inside worker tasks, where blocking is
 * harmless and simplest. State: each handle is open → committed | aborted; nothing global.
 * Durability against power loss needs `fsync: true` (off by default: batch jobs write thousands of
 * small files and a crash mid-run is recovered by re-running).
 *
 * Replacing an existing file keeps its permission bits, and a symlink at `path` is written
 * through to its final target (the link stays a link; the temporary file is created beside the
 * target) — the rule is dusk-graph's `atomicTarget`, shared with its own `writeFileAtomic`.
 * `AtomicFile.path` stays the path the caller named, for messages.
 */
import { closeSync, fchmodSync, fsyncSync, ftruncateSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { atomicTarget, tempPathFor, showValue } from 'dusk-graph/internal';
import { ioFailFs } from './errors.ts';

export interface AtomicOptions {
  /** Preallocate the file to this many bytes (zero-filled, sparse where supported). @default 0 */
  size?: number;
  /** fsync the data before the rename (durable across power loss). @default false */
  fsync?: boolean;
  /** Operation named in error messages. @default 'writeFileAtomic' */
  op?: string;
}

/** A temporary file that becomes `path` on `commit()` or disappears on `abort()`. */
export interface AtomicFile {
  /** The final path the file is renamed to. */
  readonly path: string;
  /** The temporary file being written (in the same directory as `path`). */
  readonly tempPath: string;
  /** The open file descriptor of `tempPath`; valid until commit/abort. */
  readonly fd: number;
  /** Write all of `bytes` at byte `position`, or at the current end of sequential writes. */
  write(bytes: ArrayBufferView, position?: number): void;
  /** Close, rename into place. Throws (after removing the temp file) when that fails. */
  commit(): void;
  /** Close and remove the temp file; safe to call more than once, and after a failed commit. */
  abort(): void;
  /** `using f = openAtomic(p)`: aborts unless committed. */
  [Symbol.dispose](): void;
}

/** Write all of `bytes` to `fd` at byte `position` (positional `pwrite`, looping on short writes). */
export function writeAt(fd: number, bytes: ArrayBufferView, position: number): void {
  const u8 = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let done = 0;
  while (done < u8.length) {
    done += writeSync(fd, u8, done, u8.length - done, position + done);
  }
}

/** Open a temporary file beside `path`; see `AtomicFile`. */
export function openAtomic(path: string, options: AtomicOptions = {}): AtomicFile {
  const op = options.op ?? 'writeFileAtomic';
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`${op}: path must be a non-empty string, received ${showValue(path)}`);
  }
  const size = options.size ?? 0;
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`${op}: option 'size' must be a non-negative integer, received ${size}`);
  }
  let target: string, mode: number | undefined;
  try {
    ({ target, mode } = atomicTarget(path));
  } catch (e) {
    return ioFailFs(op, path, 'cannot resolve the destination', e);
  }
  const tempPath = tempPathFor(target);
  let fd: number;
  try {
    fd = openSync(tempPath, 'wx', 0o666);
  } catch (e) {
    return ioFailFs(op, path, `cannot create a temporary file in ${JSON.stringify(dirname(target))}`, e);
  }
  if (mode !== undefined) {
    try {
      fchmodSync(fd, mode);
    } catch (e) {
      closeSync(fd);
      try { unlinkSync(tempPath); } catch { /* already gone */ }
      return ioFailFs(op, path, 'cannot give the new file the permissions of the old one', e);
    }
  }
  let state: 'open' | 'committed' | 'aborted' = 'open';
  let cursor = 0;
  const removeTemp = () => {
    try { unlinkSync(tempPath); } catch { /* already gone */ }
  };
  const handle: AtomicFile = {
    path,
    tempPath,
    fd,
    write(bytes, position) {
      if (state !== 'open') throw new Error(`${op}(${JSON.stringify(path)}): write after ${state}`);
      const at = position ?? cursor;
      try {
        writeAt(fd, bytes, at);
      } catch (e) {
        ioFailFs(op, path, `write of ${bytes.byteLength} bytes at ${at} failed`, e);
      }
      cursor = Math.max(cursor, at + bytes.byteLength);
    },
    commit() {
      if (state !== 'open') throw new Error(`${op}(${JSON.stringify(path)}): commit after ${state}`);
      state = 'committed';
      try {
        if (options.fsync) fsyncSync(fd);
        closeSync(fd);
      } catch (e) {
        try { closeSync(fd); } catch { /* already closed */ }
        removeTemp();
        ioFailFs(op, path, `cannot finish writing`, e);
      }
      try {
        renameSync(tempPath, target);
      } catch (e) {
        removeTemp();
        ioFailFs(op, path, `cannot move the finished file into place`, e);
      }
    },
    abort() {
      if (state !== 'open') return;
      state = 'aborted';
      try { closeSync(fd); } catch { /* already closed */ }
      removeTemp();
    },
    [Symbol.dispose]() {
      handle.abort();
    },
  };
  if (size > 0) {
    try {
      ftruncateSync(fd, size);
    } catch (e) {
      handle.abort();
      ioFailFs(op, path, `cannot preallocate ${size} bytes`, e);
    }
  }
  return handle;
}

/**
 * Write `data` to `path` atomically. `data` is either the bytes, or a function that writes the
 * content through the handle (`file.write(bytes, position?)`); if it throws, nothing is left
 * behind and the error propagates unchanged.
 */
export function writeFileAtomic(
  path: string,
  data: ArrayBufferView | ((file: AtomicFile) => void),
  options: AtomicOptions = {},
): void {
  const file = openAtomic(path, options);
  try {
    if (typeof data === 'function') data(file);
    else file.write(data, 0);
  } catch (e) {
    file.abort();
    throw e;
  }
  file.commit();
}
