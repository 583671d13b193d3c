/**
 * scripts/import-cycles.ts — finds import cycles among the packages' sources (`packages/*\/src`).
 *
 * Which imports count: those a module needs at load time — `import ... from`, `export ... from`
 * and `import '...'` — resolved to files: relative paths as they are, sibling packages through
 * their package.json `exports` (the `dusk-source` condition, as tests resolve them). `import type`
 * and `export type` are erased from the compiled code (`verbatimModuleSyntax`), and a dynamic
 * `import()` runs after loading, so neither can make a load-order cycle: they are not counted.
 * npm packages and `node:` modules are leaves.
 *
 * Run by `test/import-cycles.test.ts` (in `npm test`); by hand: `npx tsx scripts/import-cycles.ts`
 * prints every cycle and exits 1 when there is one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Source files: every `.ts` below each `packages/<name>/src`. */
function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const pkg of readdirSync(join(root, 'packages'))) walk(join(root, 'packages', pkg, 'src'));
  return out.sort();
}

/** Package specifiers (`dusk-graph`, `dusk-graph/internal`) → source files, from the `dusk-source` export conditions. */
function packageEntries(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', pkg);
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; exports?: Record<string, unknown> };
    for (const [sub, target] of Object.entries(json.exports ?? {})) {
      const source = (target as Record<string, unknown> | null)?.['dusk-source'];
      if (typeof source === 'string') entries.set(sub === '.' ? json.name : `${json.name}${sub.slice(1)}`, join(dir, source));
    }
  }
  return entries;
}

const STATIC_IMPORT = /^[ \t]*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

/** The load-time import specifiers of a module's text (comments ignored). */
export function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const m of code.matchAll(STATIC_IMPORT)) if (m[2] === undefined) out.push(m[3]!);
  return out;
}

/** Every elementary cycle found by a depth-first walk (each reported once, from its first-met module). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

/** The load-time import graph of the packages' sources, as paths relative to the repository. */
export function importGraph(root: string = ROOT): Map<string, string[]> {
  const entries = packageEntries(root);
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const targets: string[] = [];
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = spec.startsWith('.') ? resolve(dirname(file), spec) : entries.get(spec);
      if (target !== undefined) targets.push(relative(root, target));
    }
    graph.set(relative(root, file), targets);
  }
  return graph;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const graph = importGraph();
  const cycles = findCycles(graph);
  for (const c of cycles) console.log(`cycle: ${c.join(' → ')}`);
  console.log(`${graph.size} modules, ${cycles.length} import cycle${cycles.length === 1 ? '' : 's'}`);
  process.exitCode = cycles.length > 0 ? 1 : 0;
}
