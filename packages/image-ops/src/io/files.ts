/**
 * Small synchronous file helpers shared by the readers: whole-file reads, exact positional reads
 * into caller-owned (e.g. shared) memory, and byte-order swapping. Every failure is an
 * `ImageIOError` naming the operation and the file.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { ioFail, ioFailFs } from './errors.ts';

/** True on little-endian hosts (every platform Node ships for today). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function checkPath(op: string, path: unknown): asserts path is string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`${op}: path must be a non-empty string, received ${JSON.stringify(path)}`);
  }
}

/**
 * The whole file as bytes, in an ArrayBuffer of exactly that size. (Node serves small files from
 * a shared pool; codecs that address `bytes.buffer` directly would read past the file's end into
 * unrelated memory instead of failing on a truncated file.)
 */
export function readFileBytes(op: string, path: string): Uint8Array {
  checkPath(op, path);
  let b: Uint8Array;
  try {
    b = readFileSync(path);
  } catch (e) {
    return ioFailFs(op, path, 'cannot read the file', e);
  }
  return b.byteOffset === 0 && b.buffer.byteLength === b.length ? b : new Uint8Array(b);
}

/** Open `path` for reading and return its descriptor and size; the caller closes it. */
export function openForRead(op: string, path: string): { fd: number; size: number } {
  checkPath(op, path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return ioFailFs(op, path, 'cannot open the file', e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) ioFail(op, path, 'is a directory, not a file');
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
