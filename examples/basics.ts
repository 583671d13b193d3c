/**
 * basics.ts — the inc/double/add/sum example from Dask's `delayed` documentation, in dusk.
 *
 *     npx tsx examples/basics.ts [--out DIR]
 *
 * Builds the graph lazily, draws it to `basics.dot` and `basics.svg` in DIR (default: this
 * folder), computes it, and shows what the optimizer does to it.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compute, delayed, graphFromDelayed, optimize, visualize } from 'duskjs';

function inc(x: number) { return x + 1; }
function double(x: number) { return x * 2; }
function add(x: number, y: number) { return x + y; }
function sum(xs: number[]) { return xs.reduce((a, b) => a + b, 0); }

const data = [1, 2, 3, 4, 5];

const output = [];
for (const x of data) {
  const a = delayed(inc)(x);
  const b = delayed(double)(x);
  const c = delayed(add)(a, b);
  output.push(c);
}
const total = delayed(sum)(output);

console.log(`Nothing has run yet: total is ${total}, a promise of work.`);

const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = args.out ?? dirname(fileURLToPath(import.meta.url));
mkdirSync(outDir, { recursive: true });
await visualize(total, join(outDir, 'basics.dot'));
await visualize(total, join(outDir, 'basics.svg'));
console.log(`Drew the graph to ${join(outDir, 'basics.dot')} and ${join(outDir, 'basics.svg')}.`);

const { graph } = graphFromDelayed([total]);
const report = optimize(graph, [total.key]);
console.log(`The graph has ${report.before} tasks; the optimizer fuses it to ${report.after} (${report.fused} removed by fusing chains).`);

console.log(`total = ${await total.compute()}`);
const [first, all] = await compute([output[0]!, output]);
console.log(`first output = ${first}, all outputs = [${all.join(', ')}]`);
