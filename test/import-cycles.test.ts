/**
 * No import cycles among the packages' sources (`scripts/import-cycles.ts` says which imports
 * count): none is tolerated, so any cycle fails.
 */
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, importsOf } from '../scripts/import-cycles.ts';

describe('the import graph of packages/*/src', () => {
  it('has no cycles', () => {
    const graph = importGraph();
    expect(graph.has('packages/graph/src/compute/compute.ts')).toBe(true);
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('counts load-time imports and re-exports, not type-only imports or text in strings', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      'import {\n  c,\n  type C,\n} from "./c.ts";',
      "export { d } from './d.ts';",
      "export type { E } from './e.ts';",
      "import './f.ts';",
      "const s = `; import 'g' to register it`;",
      "// import { h } from './h.ts';",
      "const m = await import('./i.ts');",
    ].join('\n');
    expect(importsOf(text)).toEqual(['./a.ts', './c.ts', './d.ts', './f.ts']);
  });

  it('reports a cycle with its path', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []]]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });
});
