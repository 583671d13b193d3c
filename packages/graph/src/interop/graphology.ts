/**
 * `toGraphology(graph)`: the task graph as a graphology `DirectedGraph` for analysis and interop
 * (DESIGN.md §6: graphology is the graph you show, not the graph you run). Nodes are keys with
 * attributes `{ name, placement, steps }`; edges go from a dependency to its dependent, so
 * graphology-dag's `topologicalGenerations` gives the waves of tasks that can run in parallel.
 */
import { DirectedGraph } from 'graphology';
import { placementOf, type Placement } from '../core/task.ts';
import type { TaskGraph } from '../taskgraph/taskgraph.ts';

export interface TaskNodeAttributes {
  name: string;
  placement: Placement;
  steps: number;
}

export function toGraphology(graph: TaskGraph): DirectedGraph<TaskNodeAttributes> {
  const g = new DirectedGraph<TaskNodeAttributes>();
  for (const t of graph.tasks) g.addNode(t.key, { name: t.name, placement: placementOf(t), steps: t.steps.length });
  for (let i = 0; i < graph.size; i++) {
    const key = graph.key(i);
    for (const d of graph.deps(i)) g.addDirectedEdge(graph.key(d), key);
  }
  return g;
}
