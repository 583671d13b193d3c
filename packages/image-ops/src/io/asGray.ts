/**
 * `imread(path, { asGray: true })`: scikit-image's `as_gray` conversion of colour images.
 *
 * (H, W, 4) is first blended onto a white background (`rgba2rgb`), then (H, W, 3) becomes
 * luminance `0.2125 R + 0.7154 G + 0.0721 B` (`rgb2gray`) on `img_as_float` values: float64
 * unless the image was float32, which stays float32 (computed in float32 arithmetic). Gray
 * images pass through unconverted, as in scikit-image; a gray+alpha image yields its gray channel.
 * Multi-page colour TIFFs (P, H, W, C) convert page by page; gray page stacks are left alone.
 */
import { allocate } from '../ndarray/dtype.ts';
import { NDArray } from '../ndarray/ndarray.ts';
import { imgAsFloat } from '../util/convert.ts';

const C = [0.2125, 0.7154, 0.0721] as const;

/**
 * Colour (…, 3|4) → float gray (…); anything else is returned unchanged. `hasChannels` says
 * whether the last axis holds channels (false for a stack of gray TIFF pages).
 */
export function toGray(image: NDArray, hasChannels = image.ndim === 3): NDArray {
  if (!hasChannels || image.ndim < 3) return image;
  const c = image.shape[image.ndim - 1]!;
  const shape = image.shape.slice(0, -1);
  if (c === 2) return image.view([...shape.map(() => null), 0]).copy();
  if (c !== 3 && c !== 4) return image;
  const f = imgAsFloat(image);
  const v = f.values();
  const n = f.size / c;
  const single = f.dtype === 'float32';
  const r = single ? Math.fround : (x: number) => x;
  const k0 = r(C[0]), k1 = r(C[1]), k2 = r(C[2]);
  const out = allocate(f.dtype, n);
  const ch = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const p = i * c;
    for (let j = 0; j < 3; j++) ch[j] = v[p + j]!;
    if (c === 4) {
      const a = v[p + 3]!;
      const bg = r(1 - a);
      for (let j = 0; j < 3; j++) {
        const x = r(bg + r(a * ch[j]!));
        ch[j] = x < 0 ? 0 : x > 1 ? 1 : x;
      }
    }
    out[i] = r(r(r(ch[0]! * k0) + r(ch[1]! * k1)) + r(ch[2]! * k2));
  }
  return new NDArray(out, shape, { dtype: f.dtype });
}
