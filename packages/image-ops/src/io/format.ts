/**
 * Which codec handles a file: by extension when writing, by content (magic bytes) when reading.
 *
 * Reading trusts the content over the name — a PNG saved as `x.jpg` still reads, as with Pillow.
 * When the content matches no known signature, the error says what the extension promised
 * (`not a valid PNG file: …`) or, for an unknown extension, which formats exist.
 */
import { extname } from 'node:path';
import { ioFail } from './errors.ts';

export type ImageFormat = 'png' | 'bmp' | 'tiff' | 'jpeg';

export const IMAGE_FORMATS: readonly ImageFormat[] = ['png', 'bmp', 'tiff', 'jpeg'];

const BY_EXTENSION: Record<string, ImageFormat> = {
  '.png': 'png', '.bmp': 'bmp', '.dib': 'bmp', '.tif': 'tiff', '.tiff': 'tiff',
  '.jpg': 'jpeg', '.jpeg': 'jpeg', '.jpe': 'jpeg', '.jfif': 'jpeg',
};

const SUPPORTED = '.png, .bmp, .tif/.tiff, .jpg/.jpeg';

/** The format an extension names, or undefined. */
export function formatOfExtension(path: string): ImageFormat | undefined {
  return BY_EXTENSION[extname(path).toLowerCase()];
}

/** The version word after a TIFF byte-order mark (42 for TIFF, 43 for BigTIFF), or undefined without one. */
function tiffVersion(b: Uint8Array): number | undefined {
  if (b.length < 4) return undefined;
  if (b[0] === 0x49 && b[1] === 0x49) return b[2]! | (b[3]! << 8);
  if (b[0] === 0x4d && b[1] === 0x4d) return (b[2]! << 8) | b[3]!;
  return undefined;
}

/** The format whose signature `b` starts with, or undefined. */
export function sniffFormat(b: Uint8Array): ImageFormat | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 &&
    b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (tiffVersion(b) === 42) return 'tiff';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  return undefined;
}

/** The format to write `path` in (`format` overrides the extension). */
export function formatForWrite(op: string, path: string, format?: ImageFormat): ImageFormat {
  const f = format ?? formatOfExtension(path);
  if (!f) ioFail(op, path, `unsupported image extension ${JSON.stringify(extname(path) || '(none)')} (supported: ${SUPPORTED}; or pass the format option)`);
  return f;
}

/** The format to decode `bytes` from `path` with. */
export function formatForRead(op: string, path: string, bytes: Uint8Array, format?: ImageFormat): ImageFormat {
  if (bytes.length === 0) ioFail(op, path, 'the file is empty');
  const sniffed = sniffFormat(bytes);
  if (sniffed) return sniffed;
  if (tiffVersion(bytes) === 43) {
    ioFail(op, path, 'BigTIFF files (version 43) are not supported: write it as classic TIFF (tifffile: bigtiff=False) or read it with another reader');
  }
  const expected = format ?? formatOfExtension(path);
  if (expected) ioFail(op, path, `not a valid ${expected.toUpperCase()} file: its first bytes match no known image signature`);
  return ioFail(op, path, `unsupported image format ${JSON.stringify(extname(path) || '(no extension)')}: content matches none of ${SUPPORTED}`);
}
