/**
 * Which TypeScript loader workers register (`worker/loader.ts`), what a worker that cannot start
 * reports (`worker/bootstrap.mjs`), and how a failed import of a TypeScript op module is explained
 * (`worker/ts-hint.ts`). The compiled package under plain Node is exercised by
 * test/consumer/consumer.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { chooseLoader, explainImportError, WORKER_START_FAILED } from 'dusk-scheduler/testing';

const tmp = mkdtempSync(join(tmpdir(), 'dusk-loader-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A project folder with its own (fake) tsx whose `register()` throws. */
function projectWithTsx(name: string): { root: string; api: string } {
  const root = join(tmp, name);
  const tsx = join(root, 'node_modules', 'tsx');
  mkdirSync(join(tsx, 'dist', 'esm', 'api'), { recursive: true });
  writeFileSync(join(tsx, 'package.json'), JSON.stringify({
    name: 'tsx', type: 'module',
    exports: { './package.json': './package.json', './esm/api': { import: { default: './dist/esm/api/index.mjs' } } },
  }));
  writeFileSync(join(tsx, 'dist', 'loader.mjs'), '');
  writeFileSync(join(tsx, 'dist', 'esm', 'api', 'index.mjs'), "export function register() { throw new Error('this tsx is broken'); }\n");
  return { root, api: pathToFileURL(join(tsx, 'dist', 'esm', 'api', 'index.mjs')).href };
}

const compiled = 'file:///app/node_modules/dusk-scheduler/dist/worker/loader.js';

describe('the TypeScript loader workers register', () => {
  it('is the repository tsx when dusk runs from its sources', () => {
    const chosen = chooseLoader({ execArgv: [], nodeOptions: undefined, cwd: tmp, self: new URL('../../packages/scheduler/src/worker/loader.ts', import.meta.url).href });
    expect(chosen.tsx).toBe(pathToFileURL(fileURLToPath(new URL('../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url))).href);
  });

  it('is the tsx a script was started with (`tsx app.ts`), wherever that tsx is installed', () => {
    const { root, api } = projectWithTsx('global-tsx');
    const dist = join(root, 'node_modules', 'tsx', 'dist');
    const execArgv = ['--require', join(dist, 'preflight.cjs'), '--import', pathToFileURL(join(dist, 'loader.mjs')).href];
    expect(chooseLoader({ execArgv, nodeOptions: undefined, cwd: tmp, self: compiled }).tsx).toBe(api);
  });

  it('is the project tsx for `node --import tsx`, in either flag spelling or in NODE_OPTIONS', () => {
    const { root, api } = projectWithTsx('project');
    expect(chooseLoader({ execArgv: ['--import', 'tsx'], nodeOptions: undefined, cwd: root, self: compiled }).tsx).toBe(api);
    expect(chooseLoader({ execArgv: ['--import=tsx/esm'], nodeOptions: undefined, cwd: root, self: compiled }).tsx).toBe(api);
    expect(chooseLoader({ execArgv: [], nodeOptions: '--max-old-space-size=512 --import tsx', cwd: root, self: compiled }).tsx).toBe(api);
  });

  it('is the tsx a dusk-worker process registered itself (DUSK_WORKER_TSX) when the process was not started with one', () => {
    const { api } = projectWithTsx('dusk-worker');
    expect(chooseLoader({ execArgv: [], nodeOptions: undefined, cwd: tmp, self: compiled, registeredTsx: api }).tsx).toBe(api);
    // A tsx the process was started with still comes first.
    const other = projectWithTsx('started-with');
    expect(chooseLoader({ execArgv: ['--import', 'tsx'], nodeOptions: undefined, cwd: other.root, self: compiled, registeredTsx: api }).tsx).toBe(other.api);
  });

  it('is none under plain node, even when tsx is installed in the project or another module is preloaded', () => {
    const { root } = projectWithTsx('plain');
    writeFileSync(join(root, 'trace.mjs'), '');
    expect(chooseLoader({ execArgv: [], nodeOptions: undefined, cwd: root, self: compiled }).tsx).toBeNull();
    expect(chooseLoader({ execArgv: ['--import', './trace.mjs'], nodeOptions: '', cwd: root, self: compiled }).tsx).toBeNull();
  });
});

describe('a worker that cannot start', () => {
  it('rejects its batch with the loader and the reason named, and a code the scheduler recognizes', async () => {
    const { api } = projectWithTsx('broken');
    const bootstrap = new URL('../../packages/scheduler/src/worker/bootstrap.mjs', import.meta.url).href;
    const pool = new Piscina({ filename: bootstrap, minThreads: 1, maxThreads: 1, workerData: { tsx: api } });
    pool.on('error', () => {});
    try {
      const err = (await pool.run({}).catch((e: unknown) => e)) as Error & { code?: string };
      expect(err.code).toBe(WORKER_START_FAILED);
      expect(err.message).toContain(`the TypeScript loader tsx from ${api}`);
      expect(err.message).toContain('this tsx is broken');
    } finally {
      await pool.destroy();
    }
  });
});

describe('a pool whose workers cannot start', () => {
  it('fails every compute with the reason (a preload that throws in workers), and the script ends', async () => {
    const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, ['--import', fixture('refuse-workers.mjs'), fixture('no-workers-script.ts')], { timeout: 30_000 });
    const outcomes = JSON.parse(stdout.trim().split('\n').pop()!) as { error?: string }[];
    expect(outcomes).toHaveLength(2);
    for (const o of outcomes) expect(o.error).toMatch(/dusk workers could not start: this preload refuses workers/);
  });
});

describe('a TypeScript op module that a worker cannot import', () => {
  const url = 'file:///app/ops.ts';
  const nodeError = (code: string) => Object.assign(new TypeError(`node says ${code}`), { code });

  it('is explained with the module path and what to install when there is no TypeScript loader', () => {
    const err = explainImportError(url, nodeError('ERR_UNKNOWN_FILE_EXTENSION')) as Error;
    expect(err.message).toContain('cannot import the TypeScript op module /app/ops.ts in a worker thread');
    expect(err.message).toContain('npm i -D tsx');
    expect(err.message).toContain('22.18');
    expect((err.cause as Error).message).toBe('node says ERR_UNKNOWN_FILE_EXTENSION');
  });

  it("is explained when Node's type stripping rejects the syntax or the location", () => {
    expect((explainImportError(url, nodeError('ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX')) as Error).message).toMatch(/enum.*npx tsx/);
    expect((explainImportError(url, nodeError('ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING')) as Error).message).toContain('under node_modules');
  });

  it('leaves other errors, and errors of JavaScript modules, as they are', () => {
    const other = nodeError('ERR_MODULE_NOT_FOUND');
    expect(explainImportError(url, other)).toBe(other);
    const js = nodeError('ERR_UNKNOWN_FILE_EXTENSION');
    expect(explainImportError('file:///app/ops.mjs', js)).toBe(js);
  });
});
