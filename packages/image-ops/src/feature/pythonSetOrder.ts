/**
 * The iteration order of a CPython 3.11 `set` of `(i, j)` int tuples, reproduced so that
 * `blob_log`'s pruning visits overlapping pairs in the same order as scikit-image (which loops
 * over `cKDTree.query_pairs(...)`, a Python set).
 *
 * Model: tuple hash = CPython's xxHash-style `tuplehash` over the ints (hash(int) = int); the
 * set starts with 8 slots, inserts with linear probing of up to 9 further slots then perturbed
 * jumps (`i = 5i + 1 + (perturb >>= 5)`), and grows to the next power of two above 4·used once
 * `5·fill ≥ 3·mask`, re-inserting in old-table order. Pairs are inserted in the given order;
 * scipy inserts them in its kd-tree traversal order, which is the lexicographic order when there
 * are at most 16 blobs (one leaf) — beyond that this order is an approximation.
 */
const M64 = (1n << 64n) - 1n;
const P1 = 11400714785074694791n, P2 = 14029467366897019727n, P5 = 2870177450012600261n;

/** CPython's `hash((a, b))` for non-negative ints below 2^61 - 1, as an unsigned 64-bit value. */
export function pythonTupleHash(items: readonly number[]): bigint {
  let acc = P5;
  for (const x of items) {
    acc = (acc + BigInt(x) * P2) & M64;
    acc = ((acc << 31n) | (acc >> 33n)) & M64;
    acc = (acc * P1) & M64;
  }
  acc = (acc + (BigInt(items.length) ^ (P5 ^ 3527539n))) & M64;
  return acc === M64 ? 1546275796n : acc;
}

type Slot = { hash: bigint; key: number } | undefined;

function insertClean(table: Slot[], hash: bigint, key: number): void {
  const mask = BigInt(table.length - 1);
  let perturb = hash, i = hash & mask;
  for (;;) {
    const start = Number(i);
    const probes = i + 9n <= mask ? 9 : 0;
    for (let k = 0; k <= probes; k++) {
      if (table[start + k] === undefined) {
        table[start + k] = { hash, key };
        return;
      }
    }
    perturb >>= 5n;
    i = (i * 5n + 1n + perturb) & mask;
  }
}

/** `list(set(pairs))` order for pairs added one by one in the given order. */
export function pythonPairSetOrder<T extends readonly number[]>(pairs: readonly T[]): T[] {
  let table: Slot[] = new Array(8).fill(undefined);
  let used = 0;
  for (let key = 0; key < pairs.length; key++) {
    insertClean(table, pythonTupleHash(pairs[key]!), key);
    used++;
    const mask = table.length - 1;
    if (used * 5 >= mask * 3) {
      const minused = used > 50000 ? used * 2 : used * 4;
      let size = 8;
      while (size <= minused) size *= 2;
      const old = table;
      table = new Array(size).fill(undefined);
      for (const s of old) if (s) insertClean(table, s.hash, s.key);
    }
  }
  return table.filter((s): s is NonNullable<Slot> => s !== undefined).map((s) => pairs[s.key]!);
}
