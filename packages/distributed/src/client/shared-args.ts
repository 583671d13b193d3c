/**
 * Shared memory does not cross machines. Within one process, a worker op can write into a
 * SharedArrayBuffer-backed array it was given, and the caller sees the writes; a `distributed`
 * worker gets a copy, so the writes are lost and the caller would silently see the array
 * unchanged. (`ChunkedArray.compute()` asks `sharesMemory` and brings its blocks back instead.)
 * So before a run starts, the executor looks for worker tasks given such an array as a literal
 * argument and warns once per op (process warning `DUSK_SHARED_MEMORY_ARG`): reading such an
 * argument is fine, writing to it is not — return results instead. The library's own ops, which
 * only read their arguments, are not warned about.
 */
import { types } from 'node:util';
import { childrenOf, taskIsLibrary } from 'dusk-graph/internal';
import type { RunPort } from 'dusk-scheduler';

const warned = new Set<string>();

function holdsShared(v: unknown, depth: number): boolean {
  if (v === null || typeof v !== 'object' || depth > 8) return false;
  if (ArrayBuffer.isView(v)) return types.isSharedArrayBuffer(v.buffer);
  for (const [, x] of childrenOf(v)) if (holdsShared(x, depth + 1)) return true;
  return false;
}

/** Warn (once per op name and process) about worker tasks given shared memory as an argument. */
export function warnSharedArgs(run: RunPort): void {
  const place = run.place;
  if (!place) return;
  for (let i = 0; i < run.n; i++) {
    if (place[i] !== 1) continue;
    for (const st of run.tasks[i]!.steps) {
      if (st.op === undefined || warned.has(st.op.name) || !st.args.some((a) => holdsShared(a, 0))) continue;
      // The library's own ops only read their arguments (dusk-image-ops': a gaussian of a shared image).
      if (taskIsLibrary({ ...run.tasks[i]!, steps: [st] })) continue;
      warned.add(st.op.name);
      process.emitWarning(
        `scheduler 'distributed': op '${st.op.name}' (task '${run.tasks[i]!.key}') is given a SharedArrayBuffer-backed array; ` +
          'its worker gets a copy, so anything the op writes into it is lost (reading it is fine; return results instead of writing into arguments)',
        { code: 'DUSK_SHARED_MEMORY_ARG' },
      );
    }
  }
}
