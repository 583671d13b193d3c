/**
 * Building a TaskGraph from `Delayed` roots (any `GraphNode`s).
 *
 * An iterative post-order depth-first walk over the `Delayed` nodes reachable from the roots
 * numbers every task after its dependencies, so ids come out topologically sorted. Nodes are
 * merged by key: two handles on the same pure call, or subgraphs shared between roots, become one
 * task (first seen wins). A key met again while its own dependencies are being walked means keys
 * were reused to form a cycle, which is reported with the path. Nodes with unique (counter) keys
 * are tracked by stamping them instead of through a Map, which halves the cost per task.
 *
 * `Delayed` implements `Task`, so the graph holds the nodes themselves: building costs one Map
 * entry and a few integers per task.
 */
import type { Task } from '../core/task.ts';
import { TaskGraph } from './taskgraph.ts';

/**
 * A node of a graph being built: a task with its direct dependencies (a `Delayed` is one), and
 * scratch fields the build stamps (see `BuildState`).
 */
export interface GraphNode extends Task {
  readonly deps: readonly GraphNode[];
  /** True when another node may carry the same key: nodes are then merged by key. */
  readonly shareable: boolean;
  buildEpoch: number;
  buildId: number;
}

const IN_PROGRESS = -1;
let epochs = 0;

export interface BuiltGraph {
  graph: TaskGraph;
  /** Ids of the roots, in the order given. */
  outputs: number[];
}

/** Keys of a cycle's path shown in full; a longer path shows its first and last keys. */
const CYCLE_SHOWN = 20;

export function cycleError(where: string, path: readonly string[]): Error {
  const shown = path.length <= CYCLE_SHOWN
    ? path
    : [...path.slice(0, CYCLE_SHOWN / 2), `… (${path.length - CYCLE_SHOWN} more keys) …`, ...path.slice(-CYCLE_SHOWN / 2)];
  return new Error(`${where}: graph is not acyclic: ${shown.join(' → ')}`);
}

/**
 * Per-build node state: unique-key nodes are stamped in place (epoch + id fields), shareable
 * nodes go through a key map so that equal keys merge.
 */
class BuildState {
  private readonly epoch = ++epochs;
  private readonly byKey = new Map<string, number>();

  get(node: GraphNode): number | undefined {
    if (node.shareable) return this.byKey.get(node.key);
    return node.buildEpoch === this.epoch ? node.buildId : undefined;
  }

  set(node: GraphNode, id: number): void {
    if (node.shareable) this.byKey.set(node.key, id);
    else {
      node.buildEpoch = this.epoch;
      node.buildId = id;
    }
  }
}

export function graphFromDelayed(roots: readonly GraphNode[]): BuiltGraph {
  const state = new BuildState();
  const tasks: Task[] = [];
  const depStart: number[] = [0];
  const depIds: number[] = [];
  const nodeStack: GraphNode[] = [];
  const posStack: number[] = [];

  for (const root of roots) {
    if (state.get(root) !== undefined) continue;
    state.set(root, IN_PROGRESS);
    nodeStack.push(root);
    posStack.push(0);
    while (nodeStack.length > 0) {
      const top = nodeStack.length - 1;
      const node = nodeStack[top]!;
      const i = posStack[top]!;
      if (i < node.deps.length) {
        posStack[top] = i + 1;
        const dep = node.deps[i]!;
        const s = state.get(dep);
        if (s === undefined) {
          state.set(dep, IN_PROGRESS);
          nodeStack.push(dep);
          posStack.push(0);
        } else if (s === IN_PROGRESS) {
          const from = nodeStack.findIndex((n) => n.key === dep.key);
          throw cycleError('graphFromDelayed', [...nodeStack.slice(from).map((n) => n.key), dep.key]);
        }
        continue;
      }
      nodeStack.pop();
      posStack.pop();
      const id = tasks.length;
      tasks.push(node);
      for (const d of node.deps) depIds.push(state.get(d)!);
      depStart.push(depIds.length);
      state.set(node, id);
    }
  }
  const graph = new TaskGraph(tasks, Int32Array.from(depStart), Int32Array.from(depIds));
  return { graph, outputs: roots.map((r) => state.get(r)!) };
}
