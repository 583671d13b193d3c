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
 * State: one process-wide (per-thread) registry Map keyed by `module#name`.
 */

/** Where a worker finds an op: the URL of the module that defined it and its name there. */
export interface OpRef {
  readonly module: string;
  readonly name: string;
}

/** Optional facts about an op that the scheduler may use. */
export interface OpMeta {
  /**
   * The op is trivially cheap (item access, small arithmetic): the scheduler runs it inline on
   * the main thread instead of paying a worker round trip.
   * @default false
   */
  readonly cheap?: boolean;
}

const OP_REF = Symbol.for('dusk.opRef');
const OP_META = Symbol.for('dusk.opMeta');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;
type Tagged = AnyFn & { [OP_REF]?: OpRef; [OP_META]?: OpMeta };

const registry = new Map<string, AnyFn>();
const refKey = (module: string, name: string) => `${module}#${name}`;

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
      `defineOps: moduleUrl must be a URL such as import.meta.url, received ${JSON.stringify(moduleUrl)}`,
    );
  }
  for (const [name, fn] of Object.entries(ops)) {
    if (typeof fn !== 'function') {
      throw new TypeError(`defineOps: op '${name}' must be a function, received ${typeof fn}`);
    }
    const tagged = fn as Tagged;
    registry.set(refKey(moduleUrl, name), fn);
    // A function re-exported by a second defineOps keeps its first identity.
    if (!tagged[OP_REF]) {
      Object.defineProperty(tagged, OP_REF, { value: Object.freeze({ module: moduleUrl, name }) });
    }
    const m = meta[name as keyof T];
    if (m && !tagged[OP_META]) Object.defineProperty(tagged, OP_META, { value: Object.freeze({ ...m }) });
  }
  return ops;
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
  await import(ref.module);
  fn = lookupOp(ref);
  if (!fn) {
    throw new Error(`resolveOp: module ${ref.module} does not define op '${ref.name}' with defineOps`);
  }
  return fn;
}
