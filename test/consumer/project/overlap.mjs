// `node overlap.mjs`: a chunked gaussian through mapOverlap on worker threads (each tile writes its
// core straight into the output) against the whole-volume call, the same map stored into a slice
// of a kept stack, chunked arithmetic and a reduction, and a WebAssembly module of the
// user's own made with `dusk-image-ops/wasm`. Prints one JSON line.
import { chunked, compute, filters, ndarray, zeros } from 'duskjs';
import { instantiate, op } from 'dusk-image-ops/wasm';

const shape = [9, 37, 29];
const size = shape[0] * shape[1] * shape[2];
const volume = ndarray(Float32Array.from({ length: size }, (_, i) => ((i * 7919) % 257) / 256), shape);
const maps = {};
for (const boundary of ['none', 'reflect', 'nearest']) {
  maps[boundary] = chunked(volume, { chunks: [5, 12, 10] }).mapOverlap(filters.gaussian, { depth: 'auto', boundary, sigma: 1.5 });
}
const got = await compute(maps, { scheduler: 'threads', workers: 2 });
const modes = { none: 'nearest', reflect: 'reflect', nearest: 'nearest' };
const maxErr = {};
for (const [boundary, result] of Object.entries(got)) {
  const whole = filters.gaussian(volume, { sigma: 1.5, mode: modes[boundary] });
  let err = 0;
  for (let i = 0; i < size; i++) err = Math.max(err, Math.abs(result.data[i] - whole.data[i]));
  maxErr[boundary] = { err, shape: result.shape, dtype: result.dtype };
}

// `store`: the reflect map written into the middle slice of a stack the script keeps.
const stack = zeros([3, ...shape], { dtype: 'float32' });
const slice = (k) => stack.view([k, [0, shape[0]], [0, shape[1]], [0, shape[2]]]);
await maps.reflect.store(slice(1), { scheduler: 'threads', workers: 2 });
const stored = { err: 0, others: 0 };
const reflectWhole = filters.gaussian(volume, { sigma: 1.5, mode: 'reflect' }).values();
slice(1).values().forEach((v, i) => { stored.err = Math.max(stored.err, Math.abs(v - reflectWhole[i])); });
for (const k of [0, 2]) stored.others += slice(k).values().filter((v) => v !== 0).length;

// Chunked arithmetic (its + - * / run as WebAssembly SIMD kernels) and a reduction, on threads,
// against the same computed element by element here.
const x = chunked(volume, { chunks: [4, 20, 29] });
const [expr, colMean] = await compute([x.sub(0.25).mul(3).div(x.add(1)), x.mean(0)], { scheduler: 'threads', workers: 2 });
let arith = 0;
volume.data.forEach((v, i) => { arith = Math.max(arith, Math.abs(expr.data[i] - Math.fround(Math.fround(Math.fround(v - 0.25) * 3) / Math.fround(v + 1)))); });
let reduce = 0;
for (let j = 0; j < shape[1] * shape[2]; j++) {
  let sum = 0;
  for (let k = 0; k < shape[0]; k++) sum += volume.data[k * shape[1] * shape[2] + j];
  reduce = Math.max(reduce, Math.abs(colMean.data[j] - Math.fround(sum / shape[0])));
}
const elementwise = { arith, reduce, dtypes: [expr.dtype, colMean.dtype], shape: colMean.shape };

// A function `fill(ptr, n)` storing n, n-1, …, 1 as i32 from byte offset ptr.
const wasm = instantiate([{
  name: 'fill', params: 2, locals: [],
  body: [op.block, op.loop, op.get(1), op.i32(0), op.leS, op.brIf(1),
    op.get(0), op.get(1), op.i32Store(),
    op.get(0), op.i32(4), op.add, op.set(0), op.get(1), op.i32(1), op.sub, op.set(1), op.br(0), op.end, op.end],
}], 1);
let filled = null;
if (wasm) {
  wasm.exports.fill(16, 3);
  filled = Array.from(new Int32Array(wasm.buffer, 16, 3));
}
console.log(JSON.stringify({ maxErr, stored, elementwise, filled }));
