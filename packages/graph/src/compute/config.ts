/**
 * Defaults for `compute` without repeating them, as `dask.config.set` (issue 12):
 *
 *     configure({ scheduler: 'sync' });                      // process-wide, until changed
 *     using _ = configure({ workers: 2 });                   // ... or until this scope ends
 *     await withConfig({ scheduler: 'sync' }, () => run());  // only inside fn, awaits included
 *     DUSK_SCHEDULER=sync DUSK_WORKERS=2 npx tsx script.ts    // environment variables
 *
 * Precedence, highest first: the options of the call, the innermost `withConfig`, `configure`,
 * the environment variables, the built-in defaults (written once, in the options schema of the
 * scheduler that runs the compute). `withConfig` holds its options in an `AsyncLocalStorage`, so
 * computes started inside `fn` see them across awaits while code outside does not; `configure`
 * returns a handle whose `restore()` (or `Symbol.dispose`) puts back the defaults it replaced.
 *
 * Validation: every layer is checked when it is given, with the registered options schema —
 * `dusk-scheduler` registers its `compute` schema (all its options except `signal`, which belongs
 * to one call), so a misspelled key or a bad value is an error naming it; without a scheduler
 * package only this package's own keys are known. An environment variable is checked when a
 * compute reads it, and its error names the variable. Some options exclude each other (`pool`
 * sets the worker count): a layer giving one drops the other from the layers below it.
 *
 * State: the process-wide defaults, the async-local scoped ones, the registered schema.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import { parseOptions, showValue } from '../util/options.ts';
import type { ComputeOptions } from './compute.ts';

/** This package's own compute options; a scheduler package extends it (one schema per option). */
export const computeOptionsSchema = z.strictObject({
  scheduler: z.string().min(1).optional(),
  optimizeGraph: z.boolean().optional(),
});

type Options = Record<string, unknown>;

let configSchema: z.ZodType = computeOptionsSchema;
let exclusive: readonly (readonly string[])[] = [];
let processDefaults: Options = {};
const scoped = new AsyncLocalStorage<Options>();

/**
 * Validate `configure`/`withConfig` options with `schema` (a strict object schema) from now on;
 * each group of `exclusiveKeys` holds options of which a layer sets at most one.
 */
export function registerConfigSchema(schema: z.ZodType, exclusiveKeys: readonly (readonly string[])[] = []): void {
  configSchema = schema;
  exclusive = exclusiveKeys;
}

function validate(where: string, options: unknown): Options {
  if (options !== null && typeof options === 'object' && 'signal' in options) {
    throw new TypeError(`${where}: option 'signal' belongs to one compute, not to defaults: pass it as compute(x, { signal })`);
  }
  parseOptions(where, configSchema, options);
  return { ...(options as Options) };
}

/** `over` on top of `base`: keys `over` sets win, and drop the keys they exclude from `base`. */
function layer(base: Options, over: Options): Options {
  const out = { ...base };
  for (const group of exclusive) {
    if (group.some((k) => over[k] !== undefined)) for (const k of group) delete out[k];
  }
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k] = v;
  return out;
}

/** Options from `DUSK_SCHEDULER` / `DUSK_WORKERS`, checked; an error names the variable. */
function fromEnvironment(): Options {
  const out: Options = {};
  const scheduler = process.env.DUSK_SCHEDULER;
  if (scheduler !== undefined && scheduler !== '') out.scheduler = scheduler;
  const workers = process.env.DUSK_WORKERS;
  if (workers !== undefined && workers !== '') {
    if (!/^\s*\d+\s*$/.test(workers)) {
      throw new TypeError(`environment variable DUSK_WORKERS must be a whole number of worker threads (received ${showValue(workers)})`);
    }
    out.workers = Number(workers);
  }
  return Object.keys(out).length ? validate(`environment variable ${'workers' in out ? 'DUSK_WORKERS' : 'DUSK_SCHEDULER'}`, out) : out;
}

export interface ConfigHandle extends Disposable {
  /** Put back the process-wide defaults this `configure` call replaced. */
  restore(): void;
}

/** The options that may be defaults: all of `compute`'s but `signal`, which belongs to one call. */
export type ConfigOptions = Omit<ComputeOptions, 'signal'>;

/** Set process-wide defaults for every later compute (merged into the current ones). */
export function configure(options: ConfigOptions): ConfigHandle {
  const given = validate('configure', options);
  const before = processDefaults;
  processDefaults = layer(before, given);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    processDefaults = before;
  };
  return { restore, [Symbol.dispose]: restore };
}

/** Run `fn` with `options` as defaults for the computes it starts (awaits included); returns what `fn` returns. */
export function withConfig<R>(options: ConfigOptions, fn: () => R): R {
  if (typeof fn !== 'function') throw new TypeError(`withConfig: expected a function to run, received ${typeof fn}`);
  const given = validate('withConfig', options);
  return scoped.run(layer(scoped.getStore() ?? {}, given), fn);
}

/**
 * Check the compute options a caller (`where`, such as a writer) passes on along with its own, so
 * that a misspelled key is named under `where` (`toZarr: options Unrecognized key: "compresor"`)
 * rather than under `compute`. `signal` belongs to one call and is checked by the compute.
 */
export function checkComputeOptions(where: string, options: Readonly<Record<string, unknown>>): void {
  const { signal: _signal, ...rest } = options;
  parseOptions(where, configSchema, rest);
}

/** Where the scheduler name in effect came from, for error messages. */
export type SchedulerSource = 'option' | 'withConfig' | 'configure' | 'DUSK_SCHEDULER' | undefined;

/** The options a compute runs with: `options` over the configured layers. */
export function resolveConfig(options: ComputeOptions | undefined): { options: ComputeOptions; source: SchedulerSource } {
  // Not an object ('sync', 4, [...]): the schema's error names it, before `layer` spreads it.
  if (typeof options !== 'object' || Array.isArray(options)) parseOptions('compute', configSchema, options);
  options ??= {};
  const env = fromEnvironment();
  const scope = scoped.getStore();
  const source: SchedulerSource = options.scheduler !== undefined ? 'option'
    : scope?.scheduler !== undefined ? 'withConfig'
      : processDefaults.scheduler !== undefined ? 'configure'
        : env.scheduler !== undefined ? 'DUSK_SCHEDULER' : undefined;
  const merged = layer(layer(layer(env, processDefaults), scope ?? {}), options as Options);
  return { options: merged as ComputeOptions, source };
}

/** The defaults in effect here (environment, `configure`, `withConfig`), for inspection. */
export function currentConfig(): ComputeOptions {
  return resolveConfig({}).options;
}
