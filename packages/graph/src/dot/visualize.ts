/**
 * `toDot(values)` and `visualize(values, file)`: draw the graph behind any structure of
 * `Delayed`s, optionally after optimization (to see what actually runs).
 *
 * `visualize` writes `.dot` text or renders `.svg` with Graphviz compiled to WebAssembly
 * (`@viz-js/viz`), so no system Graphviz is needed. The file is written to a temporary name and
 * renamed into place, so a failed render leaves no partial file.
 */
import { z } from 'zod';
import { collect } from '../compute/compute.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { parseOptions, showValue } from '../util/options.ts';
import { dotSchema, graphToDot, type DotOptions } from './dot.ts';

export interface ToDotOptions extends DotOptions {
  /** Draw the optimized graph (culled, inlined, fused) instead of the graph as built. @default false */
  optimize?: boolean;
}

const toDotSchema = dotSchema.extend({ optimize: z.boolean().optional() });

function dotOf(where: string, values: unknown, options: ToDotOptions | undefined): string {
  const { optimize = false, ...dot } = parseOptions(where, toDotSchema, options);
  return graphToDot(collect(values, { optimizeGraph: optimize }).graph, dot);
}

export function toDot(values: unknown, options?: ToDotOptions): string {
  return dotOf('toDot', values, options);
}

/** Render DOT text to SVG with WASM Graphviz. */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  return viz.renderString(dot, { format: 'svg' });
}

/** Write the graph of `values` to `filename` (`.dot` or `.svg`); resolves with the path. */
export async function visualize(values: unknown, filename: string, options?: ToDotOptions): Promise<string> {
  const ext = /\.([a-z]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (ext !== 'dot' && ext !== 'svg' && ext !== 'gv') {
    throw new TypeError(`visualize: filename must end in .dot, .gv or .svg (received ${showValue(filename)})`);
  }
  const dot = dotOf('visualize', values, options);
  await writeFileAtomic(filename, ext === 'svg' ? await renderSvg(dot) : dot);
  return filename;
}
