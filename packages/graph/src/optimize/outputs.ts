/**
 * The output tasks of an optimizer pass, as a mask by task id (1: an output key, never fused,
 * inlined or culled away). One indexed loop over `idsOf`: a `for...of` made an iterator result
 * per output (9 000 of them for 3 000 images × 3 outputs, in each pass).
 */
import type { TaskGraph } from '../taskgraph/taskgraph.ts';

export function outputMask(graph: TaskGraph, keys: readonly string[], where: string): Uint8Array {
  const mask = new Uint8Array(graph.size);
  const ids = graph.idsOf(keys, where);
  for (let o = 0; o < ids.length; o++) mask[ids[o]!] = 1;
  return mask;
}
