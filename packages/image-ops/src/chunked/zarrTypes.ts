/**
 * The Zarr types of dusk's public API, written here rather than taken from zarrita: the
 * declarations a user's project type-checks must not reach zarrita's (its dependency numcodecs
 * ships `.d.ts` files that fail under `moduleResolution: nodenext`). `ZarrStore` is structurally
 * zarrita's `Readable`, so any zarrita store (FetchStore, ZipFileStore, a Map-backed store) fits.
 */

/** Compressors `toZarr` can write (and `fromZarr` reads), by name. */
export const COMPRESSORS = ['blosc', 'zstd', 'lz4', 'gzip', 'zlib'] as const;
export type Compressor = (typeof COMPRESSORS)[number];

/** A key inside a store: an absolute path such as `/0/.zarray`. */
export type ZarrKey = `/${string}`;

/** A readable Zarr store, as zarrita defines one: `get(key)` gives the bytes or `undefined`. */
export interface ZarrStore {
  get(key: ZarrKey, options?: { signal?: AbortSignal }): Promise<Uint8Array | undefined> | Uint8Array | undefined;
  getRange?(
    key: ZarrKey,
    range: { offset: number; length: number } | { suffixLength: number },
    options?: { signal?: AbortSignal },
  ): Promise<Uint8Array | undefined> | Uint8Array | undefined;
}
