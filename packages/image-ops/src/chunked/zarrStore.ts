/**
 * Zarr on disk through `zarrita` (v2 and v3): a directory store, the codecs it needs in Node, and
 * the dtype mapping. Shared by `fromZarr` and `toZarr` and imported by the worker kernels, so
 * every thread that reads or writes chunks has the same codecs.
 *
 * - Store: a directory; keys are paths below it. `get` of a missing key is `undefined` (a chunk
 *   never written reads as the fill value). A writing store refuses to recreate its root: after
 *   a failed `toZarr` removed its temporary directory, a late chunk write fails instead of
 *   leaving a half-written directory behind.
 * - Codecs: zarrita decodes gzip/zlib but cannot encode them; here both directions use Node's
 *   own zlib (no native build), with decompression capped at the chunk's size. blosc, zstd and
 *   lz4 are numcodecs' WebAssembly builds, which zarrita loads itself and which encode too.
 * - dtypes: dusk's seven; any other Zarr dtype (int8, uint32, int64, float16, strings) is an
 *   error naming it. Byte order is the library's business: big-endian v2 data reads correctly.
 */
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import * as zarr from 'zarrita';
import { isDType, type DType } from '../ndarray/dtype.ts';

/** A directory holding a Zarr hierarchy. */
export class DirectoryStore {
  readonly root: string;
  private readonly writable: boolean;

  constructor(root: string, options: { writable?: boolean } = {}) {
    this.root = resolve(root);
    this.writable = options.writable ?? false;
  }

  private file(key: string): string {
    const rel = key.replace(/^\/+/, '');
    if (rel.split('/').includes('..')) throw new RangeError(`zarr store: key ${JSON.stringify(key)} leaves the store`);
    return join(this.root, rel);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await fs.readFile(this.file(key)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    if (!this.writable) throw new TypeError(`zarr store ${JSON.stringify(this.root)} is read-only`);
    const path = this.file(key);
    // Directories below the root one level at a time, never the root itself: once an aborted
    // write has removed the root, a late chunk fails here instead of recreating it.
    const gone = () => new Error(`zarr store ${JSON.stringify(this.root)} is gone (the write was aborted)`);
    if (!existsSync(this.root)) throw gone();
    const parts = relative(this.root, dirname(path)).split(sep).filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      await fs.mkdir(join(this.root, ...parts.slice(0, i))).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') throw gone();
        if (e.code !== 'EEXIST') throw e;
      });
    }
    await fs.writeFile(path, value, { flag: 'w' }).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? gone() : e;
    });
  }
}

type ZlibFormat = 'gzip' | 'zlib';

interface ChunkMeta { shape?: readonly number[]; dataType?: string }

/** gzip / zlib through Node's zlib, both directions; inflation is capped at the chunk's size. */
function zlibCodec(format: ZlibFormat) {
  return class NodeZlibCodec {
    readonly kind = 'bytes_to_bytes';
    readonly level: number;
    readonly maxBytes: number | undefined;

    constructor(level: number, maxBytes: number | undefined) {
      this.level = level;
      this.maxBytes = maxBytes;
    }

    static fromConfig(config: { level?: number } | undefined, meta?: ChunkMeta) {
      const n = meta?.shape?.reduce((a, b) => a * b, 1);
      const item = Number(/\d+/.exec(meta?.dataType ?? '')?.[0] ?? 64) / 8;
      return new NodeZlibCodec(config?.level ?? (format === 'gzip' ? 5 : 1), n === undefined ? undefined : Math.max(1, n * Math.max(1, item)));
    }

    encode(bytes: Uint8Array): Uint8Array {
      return new Uint8Array(format === 'gzip' ? gzipSync(bytes, { level: this.level }) : deflateSync(bytes, { level: this.level }));
    }

    decode(bytes: Uint8Array): Uint8Array {
      const opts = this.maxBytes === undefined ? {} : { maxOutputLength: this.maxBytes };
      return new Uint8Array(format === 'gzip' ? gunzipSync(bytes, opts) : inflateSync(bytes, opts));
    }
  };
}

for (const format of ['gzip', 'zlib'] as const) {
  const codec = zlibCodec(format);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- zarrita's codec loader type is not exported
  const load = (() => codec) as any;
  zarr.registry.set(format, load);
  zarr.registry.set(`numcodecs.${format}`, load);
}

/** The dusk dtype of a zarrita array, or an error naming the Zarr dtype. */
export function zarrDType(where: string, dataType: string, path: string): DType {
  if (isDType(dataType)) return dataType;
  throw new TypeError(`${where}: ${JSON.stringify(path)} holds ${dataType} values; dusk reads bool, uint8, uint16, int16, int32, float32 and float64`);
}

/** Where a Zarr array lives, as a plain value that crosses to workers. */
export interface ZarrLocation {
  /** Absolute directory of the store. */
  root: string;
  /** Path of the array inside the store ('' for the root). */
  path: string;
}

/** The zarrita array at `loc` (v2 or v3, detected). */
export async function openZarrArray(where: string, store: zarr.Readable, path: string, shown: string): Promise<zarr.Array<zarr.DataType, zarr.Readable>> {
  const location = zarr.root(store).resolve(path);
  try {
    return await zarr.open(location, { kind: 'array' });
  } catch (e) {
    // zarrita says "Not found: v3 array or group" for a group too: say which it is.
    const group = await zarr.open(location, { kind: 'group' }).then(() => true, () => false);
    const why = group
      ? `it is a Zarr group, not an array; pass the path of one of its arrays (option 'path'${where === 'fromZarr' ? ", or 'level' for an OME-Zarr image" : ''})`
      : /^Not found/.test((e as Error).message) ? 'nothing is there (no v2 .zarray, no v3 zarr.json)' : (e as Error).message;
    throw new Error(`${where}: cannot open a Zarr array at ${JSON.stringify(shown)}: ${why}`, { cause: e });
  }
}
