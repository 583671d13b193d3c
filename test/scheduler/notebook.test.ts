/**
 * Notebook-style scripts (issue 12): a script that defines, registers and computes its own
 * functions in one file runs them on workers without running its pipeline there, and nothing a
 * script or op does inside a worker starts another pool.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compute, createPool, delayed, TaskError } from 'dusk-scheduler';
import { nested } from './fixtures/notebook/nested-ops.ts';

const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/notebook/${name}`, import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'dusk-notebook-'));
const pool = createPool({ workers: 2 });
afterAll(async () => {
  await pool.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Run a fixture script with tsx; a script that hangs or recurses is killed at 30 s and fails the test. */
async function runScript(name: string, env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(tsx, [fixture(name)], { timeout: 30_000, env: { ...process.env, ...env } });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

describe('a one-file script', () => {
  it('runs its own function on workers and its pipeline only on the main thread', async () => {
    const log = join(tmp, 'same-file.log');
    const out = await runScript('same-file.ts', { NOTEBOOK_LOG: log });
    expect(out.values).toEqual(Array.from({ length: 16 }, (_, i) => i * i));
    const threads = out.threads as number[];
    expect(threads).not.toContain(0);
    expect(threads.length).toBeGreaterThan(0);

    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const count = (what: string) => lines.filter((l) => l.startsWith(`${what} `)).length;
    // The pipeline ran once, on the main thread; each worker that ran tasks read the script only
    // down to its defineOps call.
    expect(lines.filter((l) => !l.startsWith('top ')).sort()).toEqual(['computed 0', 'pipeline 0']);
    expect(count('top')).toBeGreaterThanOrEqual(1 + threads.length);
    expect(count('top')).toBeLessThanOrEqual(3); // main + at most the 2 workers
  });

  it('refuses, with the reason and the fix, a compute that a module starts while a worker imports it', async () => {
    const out = await runScript('run-pipeline-in-ops.ts');
    expect(out.taskError).toBe(true);
    expect(out.op).toBe('triple');
    expect(out.message).toMatch(/^compute: refused — it was started while a dusk worker thread imported file:.*pipeline-in-ops\.ts to get its ops/);
    expect(out.message).toContain('call defineOps(import.meta.url, { ... }) above the pipeline code');
  });
});

describe('inside a worker', () => {
  it('runs a compute made by an op synchronously on that worker', async () => {
    const r = await compute(delayed(nested.sumOfSquares)(5), { pool, inlineBelowUs: 0 });
    expect(r.sum).toBe(0 + 1 + 4 + 9 + 16);
    expect(r.thread).not.toBe(0);
    expect(r.innerThreads).toEqual([r.thread]);
  });

  it('refuses to create a pool, and the pool it ran on stays usable', async () => {
    const err = await compute(delayed(nested.makePool)(), { pool, inlineBelowUs: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect(((err as TaskError).cause as Error).message).toMatch(/^createPool: refused — this is a dusk worker thread, and workers never start pools of their own/);
    expect(await compute(delayed(nested.square)(7), { pool, inlineBelowUs: 0 })).toBe(49);
  });
});
