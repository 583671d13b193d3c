/**
 * examples/distributed.ts as a user runs it (`tsx examples/distributed.ts`, quick sizes): it
 * starts its own redis-server and worker processes, and its distributed and threads runs agree.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

it('runs the batch pipeline on a LocalCluster with its own Redis, equal to threads', async () => {
  const out = mkdtempSync(join(tmpdir(), 'dusk-example-dist-'));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/distributed.ts', '--n', '3', '--shape', '40x32', '--out', out], {
    env: { ...process.env, NODE_OPTIONS: '', DUSK_REDIS_URL: '' },
  });
  expect(stdout).toMatch(/through a private redis-server/);
  expect(stdout).toMatch(/variances identical: yes; BMP files identical: yes \(3 each/);
  expect(stdout).toMatch(/tasks per worker process: \S+:\d+ \d+/);
  expect(readdirSync(join(out, 'distributed')).filter((f) => f.endsWith('.bmp')).length).toBeGreaterThanOrEqual(3);
});
