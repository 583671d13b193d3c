/**
 * BMP run-length decoding (BI_RLE8 and BI_RLE4) into one palette index per pixel.
 *
 * The stream is a sequence of byte pairs: `n, v` (n > 0) repeats v — or, for RLE4, the two
 * nibbles of v alternately — n times; `0, 0` ends a row, `0, 1` ends the bitmap, `0, 2, dx, dy`
 * moves the cursor, and `0, n` (n ≥ 3) is followed by n literal indices (n nibbles for RLE4),
 * padded to a 16-bit boundary. Rows are placed in image order (the stream is bottom-up unless
 * the header says top-down), so the result is the index image itself, with no second copy;
 * pixels never written stay 0, as in the reference decoders. Running out of data before the
 * end-of-bitmap marker is an error: the file is truncated.
 */

/** Decode `data` (starting at `pos`) into `width × height` indices in image row order. */
export function decodeBmpRle(data: Uint8Array, pos: number, width: number, height: number, rle4: boolean, topDown: boolean): Uint8Array {
  const out = new Uint8Array(width * height);
  let x = 0, y = 0;
  const need = (n: number) => {
    if (pos + n > data.length) throw new Error(`truncated RLE data (stream ends at byte ${data.length}, row ${y} of ${height})`);
  };
  const put = (v: number) => {
    if (x < width && y < height) out[(topDown ? y : height - 1 - y) * width + x] = v;
    x++;
  };
  for (;;) {
    need(2);
    const n = data[pos]!, v = data[pos + 1]!;
    pos += 2;
    if (n > 0) {
      for (let i = 0; i < n; i++) put(rle4 ? (i % 2 === 0 ? v >> 4 : v & 15) : v);
      continue;
    }
    if (v === 0) {
      x = 0;
      y++;
    } else if (v === 1) {
      return out;
    } else if (v === 2) {
      need(2);
      x += data[pos]!;
      y += data[pos + 1]!;
      pos += 2;
    } else {
      const bytes = rle4 ? Math.ceil(v / 2) : v;
      need(bytes);
      for (let i = 0; i < v; i++) {
        const b = data[pos + (rle4 ? i >> 1 : i)]!;
        put(rle4 ? (i % 2 === 0 ? b >> 4 : b & 15) : b);
      }
      pos += bytes + (bytes % 2);
    }
    if (y >= height) return out;
  }
}
