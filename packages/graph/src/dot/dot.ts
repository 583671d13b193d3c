/**
 * `graphToDot`: a TaskGraph as Graphviz DOT text, drawn the way Dask draws graphs.
 *
 * Every task has a data node (a box, labelled with its key's name, or the full key when
 * `verbose`); a task that calls functions also has a function node (a circle labelled with the op
 * name, `a-b-c` for fused chains) with an edge to its box, and edges from its dependencies' boxes.
 * Main-thread tasks are drawn with a double border so the picture shows where each task runs;
 * `colorBy: 'placement'` also fills worker tasks blue and main-thread tasks orange, `colorBy:
 * 'order'` shades function nodes by their `order()` priority (early = blue, late = red).
 * A legend (a dashed cluster, `legend: false` to leave it out) shows the two kinds of function
 * node — a worker op, and a main-thread function (register it with `defineOps` to move it) — in
 * the colours in use. Every identifier and label is quoted and escaped, so any key is valid DOT.
 */
import { z } from 'zod';
import { keySplit } from '../core/keys.ts';
import { placementOf, type Task } from '../core/task.ts';
import { order } from '../order/order.ts';
import type { TaskGraph } from '../taskgraph/taskgraph.ts';
import { parseOptions } from '../util/options.ts';

export interface DotOptions {
  /** Graphviz rank direction. @default 'BT' (inputs at the bottom, as Dask) */
  rankdir?: 'BT' | 'TB' | 'LR' | 'RL';
  /** Fill function nodes by run order or by where they run. */
  colorBy?: 'order' | 'placement';
  /** Label data nodes with full keys and function nodes with their step count. @default false */
  verbose?: boolean;
  /** Graph name. @default 'dusk' */
  name?: string;
  /** Draw a legend of where function nodes run (when the graph has any). @default true */
  legend?: boolean;
}

/** `DotOptions`, strict: a misspelled option is an error naming it. */
export const dotSchema = z.strictObject({
  rankdir: z.enum(['TB', 'BT', 'LR', 'RL']).optional(),
  colorBy: z.enum(['order', 'placement']).optional(),
  verbose: z.boolean().optional(),
  name: z.string().optional(),
  legend: z.boolean().optional(),
});

/** A DOT double-quoted string. */
export function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function attrs(a: Record<string, string | number>): string {
  return `[${Object.entries(a).map(([k, v]) => `${k}=${typeof v === 'number' ? v : quote(v)}`).join(', ')}]`;
}

/** Blue → red through the hue wheel, for `t` in [0, 1]. */
function ramp(t: number): string {
  const h = (1 - t) * 240;
  const f = (k: number) => {
    const x = (k + h / 60) % 6;
    return Math.round(255 * (1 - 0.55 * Math.max(0, Math.min(x, 4 - x, 1))));
  };
  return `#${[f(5), f(3), f(1)].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** True when the task calls a function (it gets a function node), not only literals. */
const callsFunctions = (t: Task) => t.steps.some((s) => s.fn !== undefined || s.op !== undefined);

const PLACEMENT_FILL = { worker: '#9ecae1', main: '#fdae6b' } as const;

/** The legend cluster: one example node per placement. */
function legendLines(colorBy: DotOptions['colorBy']): string[] {
  const node = (id: string, label: string, tooltip: string, where: 'worker' | 'main') => {
    const a: Record<string, string | number> = { label, shape: 'circle', fontsize: 9, tooltip };
    if (where === 'main') a.peripheries = 2;
    if (colorBy === 'placement') Object.assign(a, { style: 'filled', fillcolor: PLACEMENT_FILL[where] });
    return `    ${quote(id)} ${attrs(a)};`;
  };
  return [
    `  subgraph ${quote('cluster_legend')} {`,
    '    label="where functions run"; style="dashed"; fontsize=10;',
    node('legend: worker', 'worker\nthread', 'an op registered with defineOps: runs on a worker thread', 'worker'),
    node('legend: main', 'main\nthread', 'a plain function: runs on the main thread (register it with defineOps to run it on workers)', 'main'),
    '  }',
  ];
}

export function graphToDot(graph: TaskGraph, options?: DotOptions): string {
  const { rankdir = 'BT', colorBy, verbose = false, name = 'dusk', legend = true } = parseOptions('graphToDot', dotSchema, options);
  const prio = colorBy === 'order' ? order(graph) : undefined;
  const lines = [`digraph ${quote(name)} {`, `  rankdir=${quote(rankdir)};`, '  node [fontname="Helvetica"];'];
  for (let i = 0; i < graph.size; i++) {
    const t = graph.tasks[i]!;
    const box = `d${i}`;
    lines.push(`  ${quote(box)} ${attrs({ label: verbose ? t.key : keySplit(t.key), shape: 'box' })};`);
    const calls = callsFunctions(t);
    const target = calls ? `f${i}` : box;
    if (calls) {
      const where = placementOf(t);
      const a: Record<string, string | number> = {
        label: verbose ? `${t.name} (${t.steps.length} step${t.steps.length > 1 ? 's' : ''})` : t.name,
        shape: 'circle',
        tooltip: `${t.key}: runs on ${where === 'worker' ? 'a worker thread' : 'the main thread'}`,
      };
      if (where === 'main') a.peripheries = 2;
      if (colorBy === 'placement') Object.assign(a, { style: 'filled', fillcolor: PLACEMENT_FILL[where] });
      if (prio) Object.assign(a, { style: 'filled', fillcolor: ramp(graph.size > 1 ? prio[i]! / (graph.size - 1) : 0) });
      lines.push(`  ${quote(target)} ${attrs(a)};`);
      lines.push(`  ${quote(target)} -> ${quote(box)};`);
    }
    for (const d of graph.deps(i)) lines.push(`  ${quote(`d${d}`)} -> ${quote(target)};`);
  }
  if (legend && graph.tasks.some(callsFunctions)) lines.push(...legendLines(colorBy));
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
