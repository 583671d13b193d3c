import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parse from 'dotparser';
import { describe, expect, it } from 'vitest';
import { defineOps, delayed, delayedValue, toDot, visualize } from 'dusk-graph';

interface DotNode { type: string; id?: string | number; children?: DotNode[]; node_id?: { id: string }; attr_list?: { id: string; eq: string }[]; edge_list?: { id: string }[] }

function statements(dot: string): DotNode[] {
  const [g] = parse(dot) as DotNode[];
  return g!.children!;
}

const ops = defineOps('file:///virtual/dot-ops.ts', { blurOp: (x: number) => x + 1 });

describe('toDot', () => {
  const weird = delayed((x: number) => x, { name: 'say "hi"\\ {x} -> y;\nnext' })(1);
  const blurred = delayed(ops.blurOp)(weird);
  const out = delayed((a: number, b: number) => a + b, { name: 'add' })(blurred, delayedValue(2));

  it('emits valid DOT for odd labels, which a DOT parser reads back with the same labels', () => {
    const dot = toDot(out);
    const stmts = statements(dot);
    const nodes = stmts.filter((s) => s.type === 'node_stmt');
    const labels = nodes.map((n) => n.attr_list!.find((a) => a.id === 'label')!.eq);
    expect(labels).toContain('say "hi"\\\\ {x} -> y;\\nnext');
    const edges = stmts.filter((s) => s.type === 'edge_stmt');
    expect(edges.length).toBeGreaterThan(0);
    expect(stmts.find((s) => s.type === 'attr_stmt' || (s as { id?: string }).id === 'rankdir')).toBeDefined();
  });

  it('draws function nodes as circles named by op, data nodes as boxes, inputs at the bottom', () => {
    const dot = toDot(out);
    expect(dot).toContain('rankdir="BT"');
    const nodes = statements(dot).filter((s) => s.type === 'node_stmt');
    const fnNode = (label: string) => nodes.find((n) => String(n.node_id!.id).startsWith('f') && n.attr_list!.some((a) => a.id === 'label' && a.eq === label));
    const shape = (label: string) => fnNode(label)!.attr_list!.find((a) => a.id === 'shape')!.eq;
    expect(shape('blurOp')).toBe('circle');
    expect(shape('add')).toBe('circle');
    expect(nodes.filter((n) => n.attr_list!.some((a) => a.id === 'shape' && a.eq === 'box'))).toHaveLength(4);
  });

  it('shows where each task runs, and colours by placement or order on request', () => {
    const dot = toDot(out, { colorBy: 'placement' });
    expect(dot).toMatch(/"blurOp", shape="circle", tooltip="[^"]*runs on a worker thread", style="filled", fillcolor="#9ecae1"/);
    expect(dot).toMatch(/"add", shape="circle", tooltip="[^"]*runs on the main thread", peripheries=2/);
    expect(toDot(out, { colorBy: 'order' })).toMatch(/fillcolor="#[0-9a-f]{6}"/);
  });

  it('adds a legend of where functions run, in the colours in use, unless asked not to', () => {
    const plain = toDot(out);
    expect(parse(plain)).toHaveLength(1);
    expect(plain).toContain('subgraph "cluster_legend" {');
    expect(plain).toMatch(/"legend: worker" \[label="worker\\nthread", shape="circle", fontsize=9, tooltip="an op registered with defineOps: runs on a worker thread"\]/);
    expect(plain).toMatch(/"legend: main" \[label="main\\nthread", shape="circle", fontsize=9, tooltip="[^"]*register it with defineOps to run it on workers\)", peripheries=2\]/);
    expect(toDot(out, { colorBy: 'placement' })).toMatch(/"legend: main" \[[^\]]*fillcolor="#fdae6b"\]/);
    expect(toDot(out, { legend: false })).not.toContain('legend');
    expect(toDot(delayedValue(3))).not.toContain('legend'); // no function nodes, nothing to explain
  });

  it('draws the optimized graph when asked, with fused names', () => {
    const a = delayed(ops.blurOp)(1);
    const b = delayed(ops.blurOp)(a);
    expect(toDot(b, { optimize: true })).toContain('label="blurOp-blurOp"');
    expect(toDot(b)).not.toContain('blurOp-blurOp');
  });

  it('writes .dot and renders .svg files without a system Graphviz, leaving no temp files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dusk-dot-'));
    await visualize(out, join(dir, 'g.dot'));
    await visualize(out, join(dir, 'g.svg'), { colorBy: 'placement' });
    expect(readFileSync(join(dir, 'g.dot'), 'utf8')).toMatch(/^digraph "dusk" \{/);
    expect(readFileSync(join(dir, 'g.svg'), 'utf8')).toMatch(/<svg[\s\S]*blurOp[\s\S]*<\/svg>/);
    expect(readdirSync(dir).sort()).toEqual(['g.dot', 'g.svg']);
    await expect(visualize(out, join(dir, 'g.png'))).rejects.toThrow(/visualize: filename must end in .dot, .gv or .svg \(received ".*g.png"\)/);
    // a missing directory is named, not the temporary file the write used
    await expect(visualize(out, join(dir, 'no-such-dir', 'g.dot'))).rejects.toThrow(/^cannot write ".*no-such-dir\/g.dot": its directory ".*no-such-dir" does not exist$/);
  });

  it('rejects bad or misspelled options, naming the field and the received value', async () => {
    const bad = (o: unknown) => () => toDot(out, o as never);
    expect(bad({ rankdir: 'LT' })).toThrow(/toDot: option 'rankdir' .*"TB"\|"BT"\|"LR"\|"RL" \(received "LT"\)/);
    expect(bad({ colorBy: 'time' })).toThrow(/toDot: option 'colorBy' .*"order"\|"placement" \(received "time"\)/);
    expect(bad({ verbose: 1 })).toThrow(/toDot: option 'verbose' .*expected boolean.*\(received 1\)/);
    expect(bad({ optimize: 'yes' })).toThrow(/toDot: option 'optimize' .*expected boolean.*\(received "yes"\)/);
    expect(bad({ rankDir: 'LR' })).toThrow(/toDot: options Unrecognized key: "rankDir" \(received \{"rankDir":"LR"\}\)/);
    const file = join(mkdtempSync(join(tmpdir(), 'dusk-dot-')), 'g.dot');
    await expect(visualize(out, file, { rankdir: 'XX' } as never)).rejects.toThrow(/visualize: option 'rankdir' .*\(received "XX"\)/);
    await expect(visualize(out, file, { colour: 'order' } as never)).rejects.toThrow(/visualize: options Unrecognized key: "colour"/);
    for (const rankdir of ['TB', 'BT', 'LR', 'RL'] as const) expect(toDot(out, { rankdir })).toContain(`rankdir="${rankdir}"`);
  });
});
