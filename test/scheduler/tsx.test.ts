/**
 * Scripts started with tsx (as users run them: `npx tsx script.ts`) run their op modules on
 * worker threads — TypeScript ones and plain JavaScript ones — and end by themselves.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function runScript(name: string): Promise<Record<string, unknown>> {
  // A hang at exit (an idle pool keeping the process alive) would hit the timeout.
  const { stdout } = await run(tsx, [fixture(name)], { timeout: 30_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

describe('scripts run with tsx', () => {
  it('runs a TypeScript op module on worker threads and exits on its own', async () => {
    const out = await runScript('tsx-script.ts');
    expect(out.sum).toBe(2 * 28);
    expect(out.main).toBe(0);
    expect(out.threads).not.toContain(0);
    expect((out.threads as number[]).length).toBeGreaterThan(0);
  });

  it('runs a plain JavaScript op module on worker threads', async () => {
    const out = await runScript('plain-script.mjs');
    expect(out.values).toEqual([1, 8, 27]);
    expect(out.threads).not.toContain(0);
  });
});
