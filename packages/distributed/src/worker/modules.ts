/**
 * The op modules a worker runs, and nothing else.
 *
 * A worker imports the modules it was started with (`--ops ./my-ops.js`, or `--script ./nb.ts`
 * for a one-file script that registers its ops above its pipeline; a file path resolved
 * against the working directory, or a package name such as `dusk-image-ops`), which registers
 * their `defineOps` functions (and those of every module they import) under (module URL, name)
 * in this process. A job names ops by (module URL, name); the worker runs an op only when this
 * lookup finds it, i.e. only code it was started with — it never imports a module a job names
 * (`refusal` explains the refusal to the client). Its thread pool imports the same URLs.
 *
 * So a client and its workers must see an op module at the same URL: the same path on every
 * machine (a shared checkout or the same container image), or the same installed package.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OpRef } from 'dusk-graph';
import { importOpModule, lookupOp } from 'dusk-graph/internal';

/** The import specifier for an `--ops` argument: a file URL for paths, the name for packages. */
export function moduleSpecifier(arg: string, cwd = process.cwd()): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg)) return arg;
  const looksLikePath = arg.startsWith('.') || isAbsolute(arg) || /\.(m?[jt]s|cjs|cts|mts)$/.test(arg);
  return looksLikePath ? pathToFileURL(resolve(cwd, arg)).href : arg;
}

/**
 * Import every module; an error names the argument that failed. While one loads, a compute (or a
 * LocalCluster) its top level starts is refused (`dusk-graph`'s `importOpModule`), and the
 * `scripts` among them — one-file scripts whose pipeline follows their `defineOps` call — stop
 * there, as a worker thread stops reading its script: nothing below the call runs in a worker.
 */
export async function importOpModules(args: readonly string[], scripts: readonly string[] = [], cwd = process.cwd()): Promise<void> {
  if (args.length === 0) throw new TypeError('dusk-worker: at least one --ops module is required (the op modules this worker may run)');
  const scriptSpecs = new Set(scripts.map((a) => moduleSpecifier(a, cwd)));
  for (const a of args) {
    const spec = moduleSpecifier(a, cwd);
    try {
      await importOpModule(spec, scriptSpecs.has(spec));
    } catch (e) {
      throw new Error(`dusk-worker: cannot import ${scriptSpecs.has(spec) ? '--script' : '--ops'} ${JSON.stringify(a)}: ${(e as Error).message}`, { cause: e });
    }
  }
}

/** An op reference as a job from another process carries it: checked, not trusted. */
function isOpRef(r: unknown): r is OpRef {
  return typeof r === 'object' && r !== null && typeof (r as OpRef).module === 'string' && typeof (r as OpRef).name === 'string';
}

/** Index of the first op this worker may not run (malformed, or not among its modules' ops), or -1. */
export function firstRefused(ops: readonly unknown[]): number {
  for (let i = 0; i < ops.length; i++) {
    const r = ops[i];
    if (!isOpRef(r) || lookupOp(r) === undefined) return i;
  }
  return -1;
}

export function refusal(ref: unknown, host: string, pid: number, started: readonly string[]): Error {
  const { name, module } = (typeof ref === 'object' && ref !== null ? ref : {}) as { name?: unknown; module?: unknown };
  const e = new Error(
    `worker ${host}:${pid} refuses op '${String(name)}' of ${String(module)}: not defined by the modules it was started with (--ops ${started.join(', ')})`,
  ) as Error & { code: string };
  e.code = 'E_OP_REFUSED';
  return e;
}
