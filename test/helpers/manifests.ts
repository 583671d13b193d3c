/**
 * The parity fixture manifests: scikit-image goldens (seed 0 and seed 1), the analysis-op extras,
 * the dtype cases and the filters extras. `test/image-ops/parity.test.ts` runs every case of
 * them (the one suite that runs parity cases); `op-registry.test.ts` checks that every op has a
 * case among them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParityCase } from 'dusk-image-ops/testing';

export const PARITY_MANIFESTS: readonly string[] = [
  'skimage/manifest.json', 'skimage-seed1/manifest.json', 'features/manifest.json', 'dtypes/manifest.json', 'ndimage/filters.json',
].map((m) => fileURLToPath(new URL(`../fixtures/${m}`, import.meta.url)));

/** The cases of the manifest at `path`. */
export function manifestCases(path: string): ParityCase[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: ParityCase[] }).cases;
}
