/**
 * Parity adapters: how a fixture case (scikit-image op name, keyword params, `.npy` inputs) is run
 * with dusk's op. Params arrive with camelCase keys (`preserve_range` → `preserveRange`); most
 * adapters just call the op with the first input and the params.
 *
 * Each op family registers its adapters from its own file under `adapters/`.
 */
import type { NDArray } from '../ndarray/ndarray.ts';

export type ParityParams = Record<string, unknown>;

export interface ParityAdapter {
  run(inputs: NDArray[], params: ParityParams): unknown;
  /** How results are compared: element by element (default), or as an unordered set of rows. */
  compare?: 'elementwise' | 'unordered-rows';
}

const adapters = new Map<string, ParityAdapter>();

/** Register adapters keyed by scikit-image op name (`filters.gaussian`, `feature.hog:image`). */
export function registerParityAdapters(table: Record<string, ParityAdapter | ParityAdapter['run']>): void {
  for (const [op, a] of Object.entries(table)) adapters.set(op, typeof a === 'function' ? { run: a } : a);
}

export function parityAdapter(op: string): ParityAdapter | undefined {
  return adapters.get(op);
}

export function knownParityOps(): string[] {
  return [...adapters.keys()].sort();
}

/** `preserve_range` → `preserveRange`, applied to top-level keys. */
export function camelCaseKeys(params: ParityParams): ParityParams {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}
