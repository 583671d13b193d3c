/**
 * The Zarr names in dusk's public declarations, with no import of zarrita. A consumer's `tsc`
 * reads every declaration file the public ones import; zarrita's import numcodecs' and
 * unzipit's, which use extensionless relative paths, an error (TS2834) under `nodenext` without
 * `skipLibCheck`. So what a user sees of Zarr — `fromZarr`'s store, `toZarr`'s compressor
 * names — is stated here, and no declaration reachable from the package's index names a
 * zarrita type (the consumer test type-checks under `nodenext`).
 */

/** Compressors `toZarr` can write (and `fromZarr` reads), by name. */
export const COMPRESSORS = ['blosc', 'zstd', 'lz4', 'gzip', 'zlib'] as const;
export type Compressor = (typeof COMPRESSORS)[number];

/**
 * A Zarr store `fromZarr` can read: zarrita's `Readable` (e.g. its `FetchStore`), restated —
 * `get` of an absolute key (`'/.zarray'`, `'/0.0'`), synchronous or not, `undefined` when
 * missing. `fromZarr.ts` hands it to zarrita, so the compiler checks that the two agree.
 */
export type ZarrReadable =
  | { get(key: `/${string}`): Promise<Uint8Array | undefined> }
  | { get(key: `/${string}`): Uint8Array | undefined };
