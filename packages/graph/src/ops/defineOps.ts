/**
 * Op identity: how a function becomes runnable on a worker thread.
 *
 * JS closures cannot cross threads, and `Function.prototype.toString` breaks under tsx, so a
 * function can run on a worker only if the worker can *import* it (DESIGN.md §2). An op module
 * declares its functions with
 *
 *     export const { gaussian, sobel } = defineOps(import.meta.url, { gaussian, sobel });
 *
 * which registers every function under (module URL, name) in whichever thread imports the module,
 * and tags the function object itself with that identity. `delayed(gaussian)` sees the tag and
 * marks the task worker-runnable; a worker that receives `{ module, name }` imports the module
 * (which re-registers it there) and looks the function up. Untagged functions run on the main
 * thread, in the same graph, under the same scheduler.
 *
 * One file is enough (notebook-style scripts): a script may register its own functions and build
 * and compute its pipeline below. When a worker imports the script that the process was started
 * with (`process.argv[1]` on the main thread, which marks such ops' refs `script: true` — a
 * worker's own argv names piscina's worker file, not the script) to get an op, `defineOps` there
 * registers the ops and then throws
 * `ModuleStopped`, a private sentinel that ends the module's evaluation: nothing below the call
 * runs in a worker (no compute, no output, no file written). `resolveOp` catches exactly that
 * sentinel and takes the op from the registry. The one rule for users: call `defineOps` before the
 * pipeline code, once per script (everything above it — imports, function definitions — runs in
 * each worker that needs the ops). Library modules are never stopped: other modules import them.
 * While a worker imports an op module, `opModuleLoading()` says which, so that a compute started
 * by that module's top level is refused instead of starting pools inside workers (dusk-scheduler).
 *
 * State: one process-wide (per-thread) registry Map keyed by `module#name`; the modules this thread
 * is importing for `resolveOp`; the entry script's URL, computed once.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import type { AnyFn } from '../util/guards.ts';
import { showValue } from '../util/options.ts';

/** Where a worker finds an op: the URL of the module that defined it and its name there. */
export interface OpRef {
  readonly module: string;
  readonly name: string;
  /** Defined by the script the process was started with: a worker stops evaluating it at `defineOps`. */
  readonly script?: true;
}

/** Optional facts about an op that the scheduler may use. */
export interface OpMeta {
  /**
   * The op is trivially cheap (item access, small arithmetic): the scheduler runs it inline on
   * the main thread instead of paying a worker round trip.
   * @default false
   */
  readonly cheap?: boolean;
  /**
   * Whether the op may keep a reference to its inputs or its output after it returns (in a
   * cache, a global, a closure). Ops that do not (`false`) let the scheduler give the buffers of
   * dead results back to the buffer pool (`buffers/retains.ts`); an op that does not say is
   * assumed to keep them, so nothing it saw is ever reused.
   * @default true
   */
  readonly retains?: boolean;
}

const OP_REF = Symbol.for('dusk.opRef');
const OP_META = Symbol.for('dusk.opMeta');

type Tagged = AnyFn & { [OP_REF]?: OpRef; [OP_META]?: OpMeta };

const registry = new Map<string, AnyFn>();
const refKey = (module: string, name: string) => `${module}#${name}`;

/** Thrown by `defineOps` in a worker to stop evaluating the entry script; caught by `resolveOp`. */
class ModuleStopped extends Error {
  constructor(readonly moduleUrl: string) {
    super(`dusk: a worker thread stopped evaluating ${moduleUrl} after its defineOps call (the code below it is the pipeline, run on the main thread only)`);
    this.name = 'ModuleStopped';
  }
}

/** Modules this thread is importing in `resolveOp`, innermost last, and whether to stop them at `defineOps`. */
const loading: { module: string; stop: boolean }[] = [];

/** The op module this (worker) thread is importing to resolve an op, if any. */
export function opModuleLoading(): string | undefined {
  return loading.at(-1)?.module;
}

function canonical(pathOrUrl: string): string {
  try {
    return realpathSync(pathOrUrl.startsWith('file:') ? fileURLToPath(pathOrUrl) : pathOrUrl);
  } catch {
    return pathOrUrl;
  }
}

let entry: string | undefined;
/** True when `moduleUrl` is the script this process was started with (main thread only). */
export function isEntryScript(moduleUrl: string): boolean {
  const main = process.argv[1];
  if (!isMainThread) return false;
  if (main === undefined || !moduleUrl.startsWith('file:')) return false;
  entry ??= canonical(main);
  return canonical(moduleUrl) === entry;
}

/**
 * Register `ops` under `moduleUrl` (pass `import.meta.url`) and return them unchanged, tagged with
 * their identity so that `delayed(op)` runs on workers. Calling an op directly is unaffected.
 */
export function defineOps<T extends Record<string, AnyFn>>(
  moduleUrl: string,
  ops: T,
  meta: { readonly [K in keyof T]?: OpMeta } = {},
): T {
  if (typeof moduleUrl !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(moduleUrl)) {
    throw new TypeError(
      `defineOps: moduleUrl must be a URL such as import.meta.url, received ${showValue(moduleUrl)}`,
    );
  }
  const script = isEntryScript(moduleUrl);
  for (const [name, fn] of Object.entries(ops)) {
    if (typeof fn !== 'function') {
      throw new TypeError(`defineOps: op '${name}' must be a function, received ${typeof fn}`);
    }
    const tagged = fn as Tagged;
    registry.set(refKey(moduleUrl, name), fn);
    // A function re-exported by a second defineOps keeps its first identity.
    if (!tagged[OP_REF]) {
      const ref: OpRef = script ? { module: moduleUrl, name, script } : { module: moduleUrl, name };
      Object.defineProperty(tagged, OP_REF, { value: Object.freeze(ref) });
    }
    const m = meta[name as keyof T];
    if (m && !tagged[OP_META]) Object.defineProperty(tagged, OP_META, { value: Object.freeze({ ...m }) });
  }
  // A worker importing the entry script for its ops: stop here, before the pipeline code.
  if (loading.some((l) => l.stop && l.module === moduleUrl)) throw new ModuleStopped(moduleUrl);
  return ops;
}

/**
 * Import `specifier` (a module URL, or a package name) to get its ops, as a worker does: while it
 * loads, `opModuleLoading()` names it, so a compute its top level starts is refused; with
 * `stopAtDefineOps` (a one-file script: its pipeline follows its `defineOps` call) the module stops
 * there. True when it stopped there (its ops are registered, the rest never ran).
 */
export async function importOpModule(specifier: string, stopAtDefineOps: boolean): Promise<boolean> {
  const item = { module: specifier, stop: stopAtDefineOps };
  loading.push(item);
  try {
    await import(specifier);
    return false;
  } catch (e) {
    if (!(e instanceof ModuleStopped)) throw e;
    return true;
  } finally {
    loading.splice(loading.lastIndexOf(item), 1);
  }
}

/** The worker identity of `fn`, or `undefined` when it can only run on the main thread. */
export function opRef(fn: unknown): OpRef | undefined {
  return typeof fn === 'function' ? (fn as Tagged)[OP_REF] : undefined;
}

/** Metadata declared for `fn` with `defineOps`, or an empty object. */
export function opMeta(fn: unknown): OpMeta {
  return (typeof fn === 'function' ? (fn as Tagged)[OP_META] : undefined) ?? {};
}

/** The function registered in this thread under `ref`, if its module has been imported. */
export function lookupOp(ref: OpRef): AnyFn | undefined {
  return registry.get(refKey(ref.module, ref.name));
}

/**
 * The function registered under `ref`, importing its module first if this thread has not yet.
 * Throws when the module does not define the op.
 */
export async function resolveOp(ref: OpRef): Promise<AnyFn> {
  let fn = lookupOp(ref);
  if (fn) return fn;
  const stopped = await importOpModule(ref.module, ref.script === true && !isMainThread);
  fn = lookupOp(ref);
  if (!fn) {
    throw new Error(
      `resolveOp: module ${ref.module} does not define op '${ref.name}' with defineOps` +
        (stopped ? ' in its first defineOps call: a worker stops reading a script there, so register all of its ops in one call' : ''),
    );
  }
  return fn;
}
