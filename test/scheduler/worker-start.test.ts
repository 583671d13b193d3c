/**
 * A pool whose workers cannot start reports why: the compute fails with the reason instead of
 * waiting for a worker that never comes, every time it is tried.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { compute, delayed, Pool, TaskError } from 'dusk-scheduler';
import { ops } from './fixtures/ops.ts';

const broken = fileURLToPath(new URL('./fixtures/broken-bootstrap.mjs', import.meta.url));

describe('workers that cannot start', () => {
  it('fail the compute with the reason, every time', async () => {
    await using pool = new Pool({ workers: 1 }, broken);
    for (let attempt = 0; attempt < 2; attempt++) {
      const x = delayed(ops.inc)(attempt);
      const err: unknown = await compute(x, { pool, inlineBelowUs: 0 }).catch((e: unknown) => e);
      expect(err, `attempt ${attempt}`).toBeInstanceOf(TaskError);
      expect((err as TaskError).key).toBe(x.key);
      expect(String((err as Error).cause)).toMatch(/this worker cannot start \(on purpose\)/);
    }
  });
});
