/**
 * Connected-component labelling kernel: union-find over one raster scan, then one relabelling
 * scan, as scikit-image's `_ccomp` (Fiorio & Gustedt). Two pixels join when they are neighbours
 * within `connectivity` orthogonal hops and hold the same value; pixels equal to `background` get
 * label 0. Every tree's root is its raster-first pixel, so labels 1..n are numbered in the raster
 * order of each component's first pixel.
 *
 * Neighbours are the raster-earlier half of the 3^nd block. The scan walks rows along the last
 * axis: which neighbours exist along the leading axes is fixed for a row, so the inner loop only
 * checks the column. 2-D images take an unrolled path; provisional parents live in `out` itself
 * until the relabelling scan overwrites them in raster order.
 */

/** Labels (int32, C order) of `values` with `shape`; returns the number of components. */
export function connectedComponents(
  values: ArrayLike<number>, shape: readonly number[], background: number, connectivity: number, out: Int32Array,
): number {
  const nd = shape.length, n = values.length;
  if (n === 0) return 0;
  if (nd === 2) return components2d(values, shape[0]!, shape[1]!, background, connectivity, out);
  const strides = new Array<number>(nd);
  for (let ax = nd - 1, s = 1; ax >= 0; ax--) { strides[ax] = s; s *= shape[ax]!; }
  // Raster-earlier neighbour offsets: first nonzero component is -1.
  const deltas: number[][] = [];
  const offsets: number[] = [];
  const total = 3 ** nd;
  for (let code = 0; code < total; code++) {
    const d: number[] = [];
    let c = code, hops = 0, first = 0;
    for (let ax = nd - 1; ax >= 0; ax--) { d[ax] = (c % 3) - 1; c = Math.floor(c / 3); }
    for (const x of d) { if (x !== 0) { hops++; if (first === 0) first = x; } }
    if (hops === 0 || hops > connectivity || first !== -1) continue;
    deltas.push(d);
    offsets.push(d.reduce((s, x, ax) => s + x * strides[ax]!, 0));
  }
  const m = offsets.length;
  const lastDelta = deltas.map((d) => d[nd - 1]!);
  const rowOk = new Uint8Array(m);
  const parent = new Int32Array(n);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) { const next = parent[i]!; parent[i] = r; i = next; }
    return r;
  };
  const last = shape[nd - 1]!, rows = n / last;
  const coord = new Array<number>(nd).fill(0);
  for (let row = 0; row < rows; row++) {
    let rem = row;
    for (let ax = nd - 2; ax >= 0; ax--) { coord[ax] = rem % shape[ax]!; rem = Math.floor(rem / shape[ax]!); }
    for (let k = 0; k < m; k++) {
      let ok = 1;
      for (let ax = 0; ax < nd - 1; ax++) {
        const c = coord[ax]! + deltas[k]![ax]!;
        if (c < 0 || c >= shape[ax]!) { ok = 0; break; }
      }
      rowOk[k] = ok;
    }
    for (let j = 0, i = row * last; j < last; j++, i++) {
      parent[i] = i;
      const v = values[i]!;
      if (v === background) continue;
      for (let k = 0; k < m; k++) {
        if (!rowOk[k]) continue;
        const dj = lastDelta[k]!;
        if ((dj < 0 && j === 0) || (dj > 0 && j === last - 1)) continue;
        const q = i + offsets[k]!;
        if (values[q] !== v) continue;
        const a = find(i), b = find(q);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
      }
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (values[i] === background) { out[i] = 0; continue; }
    const r = find(i);
    out[i] = r === i ? ++count : out[r]!;
  }
  return count;
}

/** Root of `i` with path halving. */
function findRoot(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    const g = parent[parent[i]!]!;
    parent[i] = g;
    i = g;
  }
  return i;
}

/** Join the trees of `a` and `b` under the smaller root; returns that root. */
function union(parent: Int32Array, a: number, b: number): number {
  const ra = findRoot(parent, a), rb = findRoot(parent, b);
  if (ra < rb) { parent[rb] = ra; return ra; }
  parent[ra] = rb;
  return rb;
}

function components2d(
  values: ArrayLike<number>, h: number, w: number, background: number, connectivity: number, out: Int32Array,
): number {
  const parent = out, diag = connectivity >= 2;
  for (let r = 0; r < h; r++) {
    const row = r * w;
    for (let c = 0; c < w; c++) {
      const i = row + c, v = values[i]!;
      parent[i] = i;
      if (v === background) continue;
      // Neighbours a b c (row above) and d (left). With 8-connectivity, a match on b makes a, c
      // and d redundant (they touch b), and a touches d: only c may still need joining (Wu et al.).
      let root = -1;
      const up = i - w;
      const b = r > 0 && values[up] === v, d = c > 0 && values[i - 1] === v;
      if (!diag) {
        if (b) root = findRoot(parent, up);
        if (d) root = root < 0 ? findRoot(parent, i - 1) : union(parent, root, i - 1);
      } else if (b) {
        root = findRoot(parent, up);
      } else {
        const a = r > 0 && c > 0 && values[up - 1] === v, cc = r > 0 && c < w - 1 && values[up + 1] === v;
        if (cc) {
          root = findRoot(parent, up + 1);
          if (a) root = union(parent, root, up - 1);
          else if (d) root = union(parent, root, i - 1);
        } else if (a) root = findRoot(parent, up - 1);
        else if (d) root = findRoot(parent, i - 1);
      }
      if (root >= 0) parent[i] = root;
    }
  }
  // Parents point to smaller indices, so each one is already relabelled when its children come.
  let count = 0;
  for (let i = 0, n = h * w; i < n; i++) {
    if (values[i] === background) { out[i] = 0; continue; }
    const p = parent[i]!;
    out[i] = p === i ? ++count : out[p]!;
  }
  return count;
}
