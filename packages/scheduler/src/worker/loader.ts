/**
 * Which TypeScript loader the pool's workers register before anything else (the worker side is
 * `bootstrap.mjs`, which receives the answer as piscina's `workerData`).
 *
 * Workers import op modules by URL. Compiled ones (`.js`, `.mjs`) need nothing but Node. A `.ts`
 * op module needs a TypeScript loader *in the worker*, and Node does not carry the main thread's
 * loader hooks into worker threads on every version (Node 20 under tsx: DESIGN.md §3), so the
 * main thread decides here, once per process, and every worker registers the same one:
 *
 * 1. dusk itself runs from its TypeScript sources (this file is `.ts`: the repository's tests,
 *    examples and bench): the repository's own tsx, resolved from here — the worker's handler
 *    is TypeScript then, and Node's type stripping cannot load it (parameter properties).
 * 2. Else the tsx the user's process runs under, wherever it is installed (the project, a global
 *    install, the npx cache): `tsx script.ts` starts Node with `--import file:///…/tsx/dist/
 *    loader.mjs`, `node --import tsx script.mjs` with `tsx` (resolved from the working directory,
 *    as Node does); both show in `process.execArgv` (or in NODE_OPTIONS).
 * 3. Else the tsx a `dusk-worker` process registered in its own main thread (it is started with
 *    plain Node and registers tsx when installed, so `--ops ./my-ops.ts` imports there): its
 *    `bin/dusk-worker.mjs` names that tsx's `esm/api` URL in DUSK_WORKER_TSX, and its pool's
 *    threads register the same one.
 * 4. Else none. A `.ts` op module then loads only where Node strips types itself (Node ≥ 22.18
 *    and ≥ 23.6 by default, `--experimental-strip-types` on earlier 22); elsewhere its import
 *    fails and `explainImportError` (`ts-hint.ts`) says what to install. A tsx that is merely
 *    installed in the project does not count: `node app.mjs` gets plain Node semantics.
 *
 * The answer is an `esm/api` module URL of tsx (its `register()` is what the worker calls).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `code` of the error a worker throws when it cannot start (`bootstrap.mjs` spells it too: plain
 * JavaScript cannot import this file). `executors/crash.ts` fails the run with it at once.
 */
export const WORKER_START_FAILED = 'DUSK_WORKER_START_FAILED';

/** `e` (why a worker could not start) as an error with code WORKER_START_FAILED. */
export function workerStartFailure(e: unknown): Error {
  if (e instanceof Error && (e as { code?: unknown }).code === WORKER_START_FAILED) return e;
  const err = new Error(`dusk workers could not start: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  return Object.assign(err, { code: WORKER_START_FAILED });
}

/** What `bootstrap.mjs` receives as `workerData`. */
export interface WorkerLoader {
  /** URL of tsx's `esm/api` module to `register()` in each worker, or null for plain Node. */
  readonly tsx: string | null;
}

/** The process facts the choice depends on (parameters so that tests can vary them). */
export interface LoaderFacts {
  readonly execArgv: readonly string[];
  readonly nodeOptions: string | undefined;
  readonly cwd: string;
  /** URL of this module: `.ts` when dusk runs from its sources. */
  readonly self: string;
  /** DUSK_WORKER_TSX: the tsx `esm/api` URL a dusk-worker process registered itself (step 3). */
  readonly registeredTsx?: string | undefined;
}

const PRELOAD_FLAGS = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);

/** The values of preload flags (`--import x`, `--import=x`, ...) in `argv`. */
function preloads(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    if (eq > 0 && PRELOAD_FLAGS.has(a.slice(0, eq))) out.push(a.slice(eq + 1));
    else if (PRELOAD_FLAGS.has(a) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}

/** The root folder of the `tsx` package holding `file`, if any. */
function tsxRootOf(file: string): string | undefined {
  for (let dir = dirname(file), up = 0; up < 8; dir = dirname(dir), up++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'tsx') return dir;
      } catch {
        // not a readable package.json: keep walking up
      }
    }
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

/** tsx's `esm/api` (its ES module build) as a URL, for the `tsx` that Node resolves from folder `from`. */
function apiFrom(from: string): string | null {
  try {
    const pkgFile = createRequire(join(from, 'noop.js')).resolve('tsx/package.json');
    const api = (JSON.parse(readFileSync(pkgFile, 'utf8')) as TsxPackage).exports?.['./esm/api']?.import;
    const file = typeof api === 'string' ? api : api?.default;
    return file ? pathToFileURL(join(dirname(pkgFile), file)).href : null;
  } catch {
    return null;
  }
}

interface TsxPackage {
  exports?: Record<string, { import?: string | { default?: string } } | undefined>;
}

/** The TypeScript loader workers should register, given the process facts (see the header). */
export function chooseLoader(facts: LoaderFacts): WorkerLoader {
  if (facts.self.endsWith('.ts')) return { tsx: apiFrom(dirname(fileURLToPath(facts.self))) };
  const optionArgs = (facts.nodeOptions ?? '').split(/\s+/).filter(Boolean);
  for (const value of preloads([...facts.execArgv, ...optionArgs])) {
    if (value === 'tsx' || value.startsWith('tsx/')) return { tsx: apiFrom(facts.cwd) };
    let file: string;
    try {
      file = value.startsWith('file:') ? fileURLToPath(value) : resolve(facts.cwd, value);
    } catch {
      continue;
    }
    const root = tsxRootOf(file);
    if (root) return { tsx: apiFrom(root) };
  }
  return { tsx: facts.registeredTsx || null };
}

let chosen: WorkerLoader | undefined;

/** This process's choice, made once. */
export function workerLoader(): WorkerLoader {
  return (chosen ??= chooseLoader({
    execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS, cwd: process.cwd(), self: import.meta.url,
    registeredTsx: process.env.DUSK_WORKER_TSX,
  }));
}
