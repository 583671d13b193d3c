/**
 * A synthetic stand-in for the seed notebook's tomography volume (seed 001,
 * `Al8Cu_1000_g13_t4_200_250.vol`, a (50, 1104, 1104) float32 raw file, 250 MB download).
 *
 * `syntheticVolume(shape, seed)`: float32, C order — a dim matrix with bright, soft-edged
 * spheres ("precipitates") of random sizes plus uniform noise, then divided by its largest
 * absolute value as the notebook does (`dat /= abs(dat).max()`). Deterministic per seed; noise from
 * a 32-bit xorshift so a full-size volume (61 M voxels) takes well under a second.
 *
 * `writeSyntheticVolume(path, shape, seed)` writes it as a raw file, the notebook's input format.
 */
import { defineOps } from 'dusk-graph';
import { NDArray, allocate, io } from 'dusk-image-ops';
import { RandomState } from './random.ts';

function syntheticVolume(shape: readonly number[], seed = 0): NDArray<'float32'> {
  if (shape.length !== 3 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new RangeError(`syntheticVolume: 'shape' must be three positive integers, received ${JSON.stringify(shape)}`);
  }
  const [nz, ny, nx] = shape as [number, number, number];
  const n = nz * ny * nx;
  const data = allocate('float32', n);
  let s = (seed * 2654435761 + 1) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    data[i] = 0.2 + 0.15 * (s / 4294967296);
  }
  const rng = new RandomState(seed);
  const count = Math.max(1, Math.round(n / 40_000));
  for (let k = 0; k < count; k++) {
    const cz = nz * rng.random(), cy = ny * rng.random(), cx = nx * rng.random();
    const r = 2 + 10 * rng.random() ** 2, level = 0.4 + 0.6 * rng.random();
    for (let z = Math.max(0, Math.floor(cz - r)); z < Math.min(nz, cz + r + 1); z++) {
      for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(ny, cy + r + 1); y++) {
        const row = (z * ny + y) * nx;
        for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(nx, cx + r + 1); x++) {
          const d = Math.sqrt((z - cz) ** 2 + (y - cy) ** 2 + (x - cx) ** 2);
          if (d < r + 1) data[row + x]! += level * Math.min(1, r + 1 - d);
        }
      }
    }
  }
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(data[i]!));
  for (let i = 0; i < n; i++) data[i] = data[i]! / peak;
  return new NDArray(data, [nz, ny, nx], { dtype: 'float32' });
}

/** Write `syntheticVolume(shape, seed)` to `path` as raw little-endian float32; returns `path`. */
function writeSyntheticVolume(path: string, shape: readonly number[], seed = 0): string {
  io.writeRaw(path, syntheticVolume(shape, seed));
  return path;
}

/** The ops, by name. */
export const volumeOps = defineOps(import.meta.url, { syntheticVolume, writeSyntheticVolume });
