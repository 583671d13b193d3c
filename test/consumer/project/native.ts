// `node native.ts`, no tsx anywhere: on a Node that strips types (≥ 22.18) the main thread loads
// this script and the workers load its erasable TypeScript op module, both by Node's own stripping.
import { compute, delayed } from 'duskjs';
import { doubleOp } from './erasable-ops.ts';

const values: number[] = await compute([1, 2, 3].map((x) => delayed(doubleOp)(x)), { workers: 2, inlineBelowUs: 0 });
console.log(JSON.stringify({ values }));
