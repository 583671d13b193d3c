/**
 * Small synchronous file helpers shared by the readers: whole-file reads, exact positional reads
 * into caller-owned (e.g. shared) memory, and byte-order swapping. Every failure is an
 * `ImageIOError` naming the operation and the file.
 *
 * Only regular files are read: every reader opens through `openForRead`, which opens without
 * blocking (`O_NONBLOCK`, so a FIFO with no writer cannot hang the open) and then checks the
 * opened descriptor's type — directories, FIFOs, devices (`/dev/zero`) and sockets are refused
 * with an error naming the path. Checking the descriptor rather than the path leaves no window
 * for the file to be swapped between the check and the read. A whole-file read reads the size
 * `fstat` reported, no more, so a file growing meanwhile cannot make it unbounded.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ioFail, ioFailFs } from './errors.ts';
import { showValue } from 'dusk-graph/internal';

/** True on little-endian hosts (every platform Node ships for today). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function checkPath(op: string, path: unknown): asserts path is string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`${op}: path must be a non-empty string, received ${showValue(path)}`);
  }
}

/**
 * The whole file as bytes, in an ArrayBuffer of exactly that size. (Node serves small files from
 * a shared pool; codecs that address `bytes.buffer` directly would read past the file's end into
 * unrelated memory instead of failing on a truncated file.)
 */
export function readFileBytes(op: string, path: string): Uint8Array {
  const { fd, size } = openForRead(op, path);
  try {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(size);
    } catch (e) {
      return ioFail(op, path, `cannot hold the file's ${size} bytes in memory`, e);
    }
    readExact(op, path, fd, bytes, 0);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'is a directory, not a file';
  if (st.isFIFO()) return 'is a FIFO (named pipe), not a regular file';
  if (st.isCharacterDevice()) return 'is a character device, not a regular file';
  if (st.isBlockDevice()) return 'is a block device, not a regular file';
  if (st.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/**
 * Open the regular file `path` for reading and return its descriptor and size; the caller closes
 * it. Anything but a regular file is refused (see the header).
 */
export function openForRead(op: string, path: string): { fd: number; size: number } {
  checkPath(op, path);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return ioFailFs(op, path, 'cannot open the file', e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) ioFail(op, path, kindOf(st));
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** Read exactly `target.length` bytes at byte `position` of `fd` into `target`, or fail. */
export function readExact(op: string, path: string, fd: number, target: Uint8Array, position: number): void {
  let done = 0;
  while (done < target.length) {
    let n: number;
    try {
      n = readSync(fd, target, done, target.length - done, position + done);
    } catch (e) {
      return ioFailFs(op, path, `read of ${target.length} bytes at ${position} failed`, e);
    }
    if (n === 0) {
      ioFail(op, path, `file ended after ${position + done} bytes, expected at least ${position + target.length}`);
    }
    done += n;
  }
}

/** Reverse the byte order of each `width`-byte element of `bytes`, in place. */
export function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}
