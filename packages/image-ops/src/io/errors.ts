/**
 * Errors of the image I/O layer: every failure names the operation and the file.
 *
 * Policy: a codec's own message is never the whole story. `ioFail` builds an `ImageIOError` whose
 * message reads `imread('/data/a.png'): truncated PNG (…codec detail…)`; the original error is
 * kept as `cause` so its stack survives. `guard` runs a codec call and converts whatever it throws
 * into such an error (an `ImageIOError` passes through, renamed to `guard`'s op if it differs).
 */

/** An I/O failure tied to a file. `path` is the file as the caller named it. */
export class ImageIOError extends Error {
  override readonly name = 'ImageIOError';
  readonly op: string;
  readonly path: string;
  /** What went wrong, without the `op("path"): ` prefix. */
  readonly reason: string;

  constructor(op: string, path: string, message: string, options?: { cause?: unknown }) {
    super(`${op}(${JSON.stringify(path)}): ${message}`, options);
    this.op = op;
    this.path = path;
    this.reason = message;
  }
}

/** The message of an unknown thrown value. */
export function messageOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const inner = e.cause instanceof Error ? e.cause.message : '';
  return inner && !e.message.includes(inner) ? `${e.message.replace(/:\s*$/, '')}: ${inner}` : e.message;
}

const ENDS_EARLY = /outside the bounds|Invalid DataView length|Start offset .* is outside|unexpected EOF|unexpected end/i;

/** Throw an `ImageIOError`; when `cause` is given its message is appended after a colon. */
export function ioFail(op: string, path: string, message: string, cause?: unknown): never {
  if (cause === undefined) throw new ImageIOError(op, path, message);
  throw new ImageIOError(op, path, `${message}: ${messageOf(cause)}`, { cause });
}

/** Run `fn`; anything it throws (other than an `ImageIOError`) becomes `ioFail(op, path, what, e)`. */
export function guard<T>(op: string, path: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ImageIOError) {
      // A helper shared by several readers (e.g. the TIFF decoder under `fromTiff`) names its own
      // op; the error the caller sees names the operation it called.
      throw e.op === op ? e : new ImageIOError(op, e.path, e.reason, { cause: e.cause ?? e });
    }
    return ioFail(op, path, ENDS_EARLY.test(messageOf(e)) ? `${what} (the data ends early)` : what, e);
  }
}

/** Human wording of a file-system error code (`ENOENT` → `no such file or directory`). */
export function describeFsError(e: unknown): string {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'a parent of the path is not a directory';
    case 'ENOSPC': return 'no space left on device';
    case 'EROFS': return 'read-only file system';
    default: return messageOf(e);
  }
}

/** Throw an `ImageIOError` for a file-system failure: `what (no such file or directory)`. */
export function ioFailFs(op: string, path: string, what: string, e: unknown): never {
  throw new ImageIOError(op, path, `${what} (${describeFsError(e)})`, { cause: e });
}
