/**
 * dusk as a user installs it: build, `npm pack` every package, install the tarballs (with tsx,
 * typescript and @types/node at the repository's lockfile versions) into a fresh project in the
 * system temp folder — outside this repository, so nothing resolves to its sources — and run the
 * scripts of test/consumer/project/ there, under this Node (20) and under Node 24 from the
 * registry's `node` package (other majors with DUSK_CONSUMER_NODES, e.g. `22,24,26`):
 * 1. `node app.mjs`: a threaded graph of library ops and the user's plain-JavaScript op module;
 * 2. `tsx app.ts`: a TypeScript script with its own TypeScript op module (an enum), the project's tsx,
 *    and `npx -y tsx app.ts` in a second project that has no tsx (tsx from the npx cache);
 * 3. `tsc --noEmit` of that script under `nodenext` and under `bundler` (strict, no other flags);
 * 4. a `.ts` op module that workers must load without any loader of theirs: the promised error
 *    on Node 20, and loaded by Node's own type stripping on Node 24 (also `node native.ts`);
 * 5. workers that cannot start (their tsx is broken, a preload throws) fail each compute with the
 *    reason, and the process ends;
 * 6. `node overlap.mjs`: a threaded mapOverlap (tiles written into the output, and `store`d into a
 *    slice of a kept stack), chunked arithmetic and a mean, and the `dusk-image-ops/wasm` subpath;
 * 7. `tsx cluster.ts`: that TypeScript op module on a LocalCluster (dusk-distributed), whose
 *    dusk-worker processes and their threads load it with the tsx the worker registered.
 * Numbers are checked against the same calls made directly, and against the sources here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { filters, ndarray } from 'duskjs';

const root = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'dusk-consumer-'));
const project = join(tmp, 'project');
/** A second project with only the tarballs installed: no tsx of its own. */
const bare = join(tmp, 'bare');
const tarballs = join(tmp, 'tarballs');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The environment of a user's shell: none of our Node options, vitest's variables, or the npm
 * variables of `npm test` (npm_config_local_prefix would send `npm install` to this repository),
 * except the settings that reach the registry (a mirror, a proxy, certificates, the cache).
 */
const KEEP_NPM = /^npm_config_(.*registry|cache|userconfig|cafile|ca|proxy|https_proxy|noproxy|strict_ssl)$/i;
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => KEEP_NPM.test(k) || !/^(npm_|NODE_OPTIONS$|VITEST|TSX_)/i.test(k)),
) as NodeJS.ProcessEnv;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(file: string, args: string[], cwd = project): Promise<Ran> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { cwd, env: userEnv, timeout: 90_000, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string; message: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Whether `node` strips TypeScript types by itself (Node ≥ 22.18 and ≥ 23.6). */
async function stripsTypes(node: string): Promise<boolean> {
  return (await run(node, ['-p', 'process.features.typescript ?? false'])).stdout.trim() !== 'false';
}

function lastJson(r: Ran): Record<string, unknown> {
  const lines = r.stdout.trim().split('\n');
  try {
    return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
  } catch {
    throw new Error(`no JSON line (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

const lockVersion = (name: string): string => {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
  return lock.packages[`node_modules/${name}`]!.version;
};

const npm = 'npm';
/**
 * The Node binaries to run the scripts with: this one, and the majors in DUSK_CONSUMER_NODES
 * (default 24; `.ci/run` adds 22 and 26) from the registry's `node` package, fetched in `beforeAll`.
 */
const registryMajors = (process.env.DUSK_CONSUMER_NODES ?? '24').split(',').map((v) => v.trim()).filter(Boolean);
const nodes: Record<string, string> = { [`node ${process.version}`]: process.execPath };
for (const v of registryMajors) nodes[`node ${v} from the registry`] = '';

beforeAll(async () => {
  const ok = (r: Ran, what: string) => {
    if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  mkdirSync(tarballs);
  // `npm pack` runs each package's prepack, which builds it (tsc -b, incremental).
  ok(await run(npm, ['pack', '--workspaces', '--pack-destination', tarballs], root), 'npm pack');
  const deps = readdirSync(tarballs).map((f) => join(tarballs, f));
  for (const dir of [project, bare]) {
    cpSync(join(import.meta.dirname, 'project'), dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  }
  const install = (dir: string, extra: string[]) => run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', ...deps, ...extra], dir);
  const [full, tarballsOnly] = await Promise.all([
    install(project, [`tsx@${lockVersion('tsx')}`, `typescript@${lockVersion('typescript')}`, `@types/node@${lockVersion('@types/node')}`]),
    install(bare, []),
  ]);
  ok(full, 'npm install');
  ok(tarballsOnly, 'npm install (tarballs only)');
  // A tsx whose register() throws, for the worker that cannot start.
  const broken = join(project, 'broken-tsx');
  mkdirSync(join(broken, 'dist'), { recursive: true });
  writeFileSync(join(broken, 'package.json'), JSON.stringify({
    name: 'tsx', type: 'module', exports: { './package.json': './package.json', './esm/api': { import: './dist/api.mjs' } },
  }));
  writeFileSync(join(broken, 'dist', 'loader.mjs'), '');
  writeFileSync(join(broken, 'dist', 'api.mjs'), "export function register() { throw new Error('this tsx is broken'); }\n");
  for (const v of registryMajors) {
    const r = ok(await run(npm, ['exec', '--yes', `--package=node@${v}`, '--', 'node', '-p', 'process.execPath'], tmp), `npx -p node@${v}`);
    nodes[`node ${v} from the registry`] = r.stdout.trim();
  }
}, 240_000);

describe('the installed packages', () => {
  it('hold compiled JavaScript, declarations and the README, and no TypeScript sources', () => {
    for (const name of ['duskjs', 'dusk-graph', 'dusk-scheduler', 'dusk-image-ops']) {
      const dir = join(project, 'node_modules', name);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { private?: boolean; engines: { node: string } };
      expect(pkg.private).toBeUndefined();
      expect(pkg.engines.node).toBe('>=20.11');
      expect(existsSync(join(dir, 'dist', 'index.js'))).toBe(true);
      expect(existsSync(join(dir, 'dist', 'index.d.ts'))).toBe(true);
      expect(existsSync(join(dir, 'src'))).toBe(false);
    }
    expect(existsSync(join(project, 'node_modules', 'dusk-scheduler', 'dist', 'worker', 'bootstrap.mjs'))).toBe(true);
    expect(readFileSync(join(project, 'node_modules', 'duskjs', 'README.md'), 'utf8')).toContain('npm i duskjs');
  });

  it('`npx -y tsx app.ts` in a project without tsx (tsx from the npx cache) runs the TypeScript ops on workers', async () => {
    const out = lastJson(await run(npm, ['exec', '--yes', `--package=tsx@${lockVersion('tsx')}`, '--', 'tsx', 'app.ts'], bare));
    expect(existsSync(join(bare, 'node_modules', 'tsx'))).toBe(false);
    expect(out.threads).not.toContain(0);
    expect(out.max).toBe(out.directMax);
  });

  it('`tsx cluster.ts` runs the user’s TypeScript op module on a LocalCluster’s worker processes (their threads load it too)', async () => {
    const out = lastJson(await run(join(project, 'node_modules', '.bin', 'tsx'), ['cluster.ts']));
    expect(out.max).toBe(out.directMax);
    expect(out.mean).toBe(out.directMean);
    expect(out.pids).toHaveLength(1);
    expect(out.pids).not.toContain(out.self);
  });

  it.each(['nodenext', 'bundler'])('type-check a strict TypeScript project under %s', async (mode) => {
    const r = await run(join(project, 'node_modules', '.bin', 'tsc'), ['-p', `tsconfig.${mode}.json`]);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe.each(Object.keys(nodes).map((label) => [label]))('under %s', (label) => {
  const node = () => nodes[label]!;
  const tsxCli = () => join(project, 'node_modules', 'tsx', 'dist', 'cli.mjs');

  it('`node app.mjs` computes library ops and the user’s JavaScript ops on worker threads, with the direct calls’ numbers', async () => {
    const out = lastJson(await run(node(), ['app.mjs']));
    expect(out.thread).not.toBe(0);
    expect(out.threshold).toBe(out.directThreshold);
    expect(out.sum).toBe(out.directSum);
    // The same numbers as the sources in this repository.
    const [h, w] = [48, 40];
    const image = ndarray(Float64Array.from({ length: h * w }, (_, i) => (((i * 7919) % 101) / 100) * 2), [h, w]);
    const smooth = filters.gaussian(image, { sigma: 1.5 });
    expect(out.threshold).toBe(filters.thresholdOtsu(smooth));
    expect(out.sum).toBeCloseTo(Array.from(smooth.data as Float64Array).reduce((s, v) => s + v, 0), 9);
  });

  it('`node overlap.mjs` gets the whole call’s numbers from a threaded mapOverlap (computed, and stored into a slice of a stack), chunked arithmetic and a mean from the packed packages, and assembles WebAssembly with dusk-image-ops/wasm', async () => {
    const out = lastJson(await run(node(), ['overlap.mjs'])) as {
      maxErr: Record<string, { err: number; shape: number[]; dtype: string }>;
      stored: { err: number; others: number };
      elementwise: { arith: number; reduce: number; dtypes: string[]; shape: number[] };
      filled: number[] | null;
    };
    for (const boundary of ['none', 'reflect', 'nearest']) {
      expect(out.maxErr[boundary]).toEqual({ err: 0, shape: [9, 37, 29], dtype: 'float32' });
    }
    expect(out.stored).toEqual({ err: 0, others: 0 });
    // The mean adds float64 partials per block, in another order than the check's one loop.
    expect(out.elementwise).toMatchObject({ arith: 0, dtypes: ['float32', 'float32'], shape: [37, 29] });
    expect(out.elementwise.reduce).toBeLessThan(1e-6);
    expect(out.filled).toEqual([3, 2, 1]);
  });

  it('`tsx app.ts` runs the user’s TypeScript op module (with an enum) on worker threads', async () => {
    const out = lastJson(await run(node(), [tsxCli(), 'app.ts']));
    expect(out.threads).not.toContain(0);
    expect(out.max).toBe(out.directMax);
    expect(out.mean).toBe(out.directMean);
    expect(out.max as number).toBeGreaterThan(0);
  });

  it('a .ts op module that workers must load without a loader: the promised error, or native type stripping', async () => {
    const out = lastJson(await run(node(), ['registered.mjs']));
    if (!(await stripsTypes(node()))) {
      expect(out.error).toMatch(/^TaskError/);
      expect(out.cause).toContain(`cannot import the TypeScript op module ${join(project, 'erasable-ops.ts')} in a worker thread`);
      expect(out.cause).toContain('npm i -D tsx');
    } else {
      expect(out).toEqual({ value: 42 });
    }
  });

  it('`node native.ts` runs TypeScript ops on workers by Node’s own type stripping where Node has it', async () => {
    const r = await run(node(), ['native.ts']);
    if (!(await stripsTypes(node()))) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('ERR_UNKNOWN_FILE_EXTENSION');
    } else {
      expect(lastJson(r)).toEqual({ values: [2, 4, 6] });
    }
  });

  it.each([
    ['its tsx is broken', './broken-tsx/dist/loader.mjs', 'this tsx is broken'],
    ['a preload throws in workers', './refuse-workers.mjs', 'this preload refuses workers'],
  ])('workers that cannot start (%s) fail every compute with the reason instead of exiting in silence', async (_, preload, reason) => {
    const r = await run(node(), ['--import', preload, 'twice.mjs']);
    const outcomes = lastJson(r) as unknown as { error?: string }[];
    expect(outcomes).toHaveLength(2);
    for (const o of outcomes) {
      expect(o.error).toContain('could not start');
      expect(o.error).toContain(reason);
    }
  });
});
