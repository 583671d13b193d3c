/**
 * `optimize(graph, keys)`: the default pipeline of optimizer passes, each a pure function
 * `(graph, keys) → graph` — `cull`, then `inline`, then `fuseLinear` — with a report of what each
 * removed.
 */
import type { TaskGraph } from '../taskgraph/taskgraph.ts';
import { cull } from './cull.ts';
import { fuseLinear } from './fuse.ts';
import { inline } from './inline.ts';

export interface OptimizeReport {
  graph: TaskGraph;
  /** Tasks before and after. */
  before: number;
  after: number;
  /** Tasks removed in all, and per pass. */
  removed: number;
  culled: number;
  inlined: number;
  fused: number;
}

export interface OptimizeOptions {
  /** @default true */
  cull?: boolean;
  /** @default true */
  inline?: boolean;
  /** @default true */
  fuse?: boolean;
}

export function optimize(graph: TaskGraph, keys: readonly string[], options: OptimizeOptions = {}): OptimizeReport {
  const before = graph.size;
  const culled = options.cull === false ? graph : cull(graph, keys);
  const inlined = options.inline === false ? culled : inline(culled, keys);
  const fused = options.fuse === false ? inlined : fuseLinear(inlined, keys);
  return {
    graph: fused,
    before,
    after: fused.size,
    removed: before - fused.size,
    culled: before - culled.size,
    inlined: culled.size - inlined.size,
    fused: inlined.size - fused.size,
  };
}
