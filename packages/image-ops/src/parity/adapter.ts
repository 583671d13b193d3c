/**
 * Parity adapters: how a fixture case (scikit-image op name, keyword params, `.npy` inputs) is run
 * with dusk's op. Params arrive with camelCase keys (`preserve_range` → `preserveRange`).
 *
 * An op defined with `defineOp` has its adapter derived from its name (`filters.sobel_h` runs
 * `filters.sobelH`): the first input is the image, further inputs fill the options the op names
 * in `parityInputs` (`mask`, `footprint`), the params are its options. Only exceptions (several
 * outputs, another comparison, fixed options, ops not defined with `defineOp`) are registered by
 * hand, from files under `adapters/`; a registered adapter wins over the derived one.
 */
import { definedOps } from '../core/defineOp.ts';
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

/** The adapter of a defineOp op: image first, further inputs into the options its `parityInputs` name. */
function derivedAdapter(op: string): ParityAdapter | undefined {
  const d = definedOps().find((o) => o.skimageName === op);
  if (!d) return undefined;
  return {
    run: (inputs, params) => {
      const extra = Object.fromEntries(d.parityInputs.flatMap((name, i) => (inputs[i + 1] ? [[name, inputs[i + 1]]] : [])));
      return d.fn(inputs[0], { ...params, ...extra });
    },
  };
}

/** The adapter for a fixture op name: the registered exception, else the one derived from the op. */
export function parityAdapter(op: string): ParityAdapter | undefined {
  return adapters.get(op) ?? derivedAdapter(op);
}

/** `preserve_range` → `preserveRange`, applied to top-level keys. */
export function camelCaseKeys(params: ParityParams): ParityParams {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}
