// `node registered.mjs`: the script registers tsx for its own thread only (tsx's register()), so
// the main thread imports a .ts op module that workers, started by plain node, may not load.
// Prints {"value"} or {"error", "cause"} as one JSON line.
import { register } from 'tsx/esm/api';

register();
const { doubleOp } = await import('./erasable-ops.ts');
const { compute, delayed } = await import('duskjs');
try {
  console.log(JSON.stringify({ value: await compute(delayed(doubleOp)(21), { workers: 1, inlineBelowUs: 0 }) }));
} catch (e) {
  console.log(JSON.stringify({ error: `${e.name}: ${e.message}`, cause: String(e.cause?.message ?? e.cause) }));
}
