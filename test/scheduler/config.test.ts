/**
 * Defaults without repeating them (issue 12): `configure`, its scoped forms (`using`, `restore()`,
 * `withConfig`), the `DUSK_SCHEDULER` / `DUSK_WORKERS` environment variables, their precedence and
 * their validation; and Dask's `compute(a, b)` varargs form, which says to pass `[a, b]`.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  closeDefaultPools, compute, configure, createPool, currentConfig, delayed, withConfig, type Callback, type ComputeOptions, type RunInfo,
} from 'dusk-scheduler';
import { ops } from './fixtures/ops.ts';

const pool = createPool({ workers: 2 });
afterAll(() => Promise.all([pool.close(), closeDefaultPools()]));
afterEach(() => {
  delete process.env.DUSK_SCHEDULER;
  delete process.env.DUSK_WORKERS;
});

/** The scheduler and worker count a compute of one worker op ran with. */
async function ranWith(options: ComputeOptions = {}): Promise<{ scheduler: string; workers: number }> {
  let run: RunInfo | undefined;
  const cb: Callback = { finish: (r) => void (run = r) };
  await compute(delayed(ops.inc)(1), { ...options, callbacks: [cb], inlineBelowUs: 0 });
  return { scheduler: run!.scheduler, workers: run!.workers };
}

describe('configure', () => {
  it('sets process-wide defaults until its handle restores the previous ones', async () => {
    const handle = configure({ scheduler: 'sync' });
    try {
      expect(await ranWith()).toEqual({ scheduler: 'sync', workers: 0 });
      expect(await ranWith({ scheduler: 'threads', pool })).toMatchObject({ scheduler: 'threads' }); // the call wins
    } finally {
      handle.restore();
    }
    expect(await ranWith({ pool })).toMatchObject({ scheduler: 'threads', workers: 2 });
  });

  it('is scoped by using, and nests', async () => {
    {
      using _outer = configure({ scheduler: 'sync' });
      {
        using _inner = configure({ scheduler: 'threads', pool });
        expect(await ranWith()).toEqual({ scheduler: 'threads', workers: 2 });
      }
      expect(currentConfig().scheduler).toBe('sync');
    }
    expect(currentConfig()).toEqual({});
  });

  it('lets a call\'s pool replace a configured worker count instead of conflicting with it', async () => {
    using _ = configure({ workers: 3 });
    expect(await ranWith({ pool })).toEqual({ scheduler: 'threads', workers: 2 });
  });

  it('rejects misspelled keys, bad values and a signal, naming them', () => {
    expect(() => configure({ workres: 2 } as ComputeOptions)).toThrow(/configure: options Unrecognized key: "workres"/);
    expect(() => configure({ workers: 0 })).toThrow(/configure: option 'workers' Too small.*\(received 0\)/);
    expect(() => configure({ signal: new AbortController().signal } as ComputeOptions)).toThrow(/configure: option 'signal' belongs to one compute, not to defaults: pass it as compute\(x, \{ signal \}\)/);
    expect(currentConfig()).toEqual({});
  });
});

describe('withConfig', () => {
  it('applies to the computes started inside it, across awaits, and not to those outside', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inside = withConfig({ scheduler: 'sync' }, async () => {
      await gate;
      return ranWith();
    });
    expect(await ranWith({ pool })).toMatchObject({ scheduler: 'threads' }); // concurrently, outside
    release();
    expect(await inside).toEqual({ scheduler: 'sync', workers: 0 });
    expect(() => withConfig({ sheduler: 'sync' } as ComputeOptions, () => 1)).toThrow(/withConfig: options Unrecognized key: "sheduler"/);
  });
});

describe('environment variables', () => {
  it('DUSK_SCHEDULER and DUSK_WORKERS set defaults below configure and the call', async () => {
    process.env.DUSK_SCHEDULER = 'sync';
    expect(await ranWith()).toEqual({ scheduler: 'sync', workers: 0 });
    {
      using _ = configure({ scheduler: 'threads' });
      process.env.DUSK_WORKERS = '1';
      expect(await ranWith()).toEqual({ scheduler: 'threads', workers: 1 });
      expect(await ranWith({ workers: 2 })).toEqual({ scheduler: 'threads', workers: 2 });
    }
  });

  it('names the variable when its value is bad', async () => {
    process.env.DUSK_WORKERS = 'two';
    await expect(compute(delayed(ops.inc)(1))).rejects.toThrow('environment variable DUSK_WORKERS must be a whole number of worker threads (received "two")');
    process.env.DUSK_WORKERS = '0';
    await expect(compute(delayed(ops.inc)(1))).rejects.toThrow(/environment variable DUSK_WORKERS: option 'workers' Too small/);
    delete process.env.DUSK_WORKERS;
    process.env.DUSK_SCHEDULER = 'processes';
    await expect(compute(delayed(ops.inc)(1))).rejects.toThrow(/environment variable DUSK_SCHEDULER must be one of 'local', 'sync', 'threads' \(received "processes"\)/);
    process.env.DUSK_SCHEDULER = 'distributed';
    await expect(compute(delayed(ops.inc)(1))).rejects.toThrow(/\(received "distributed"\); import 'dusk-distributed' to register it$/);
  });
});

describe('compute(a, b)', () => {
  it('says to pass the values in one array', async () => {
    const a = delayed(ops.inc)(1), b = delayed(ops.inc)(2);
    // @ts-expect-error the second argument is the options
    await expect(compute(a, b)).rejects.toThrow(/the second argument of compute is its options\. Pass the values in one array, compute\(\[a, b\]\)/);
    // @ts-expect-error Dask's varargs form
    await expect(compute(a, b, a)).rejects.toThrow(/compute: received 3 values to compute/);
    expect(await compute([a, b], { pool })).toEqual([2, 3]);
  });
});

describe('options that are not an object', () => {
  it('are an error naming compute and the value received, not its characters as keys', async () => {
    const a = delayed(ops.inc)(1);
    // @ts-expect-error a scheduler name where the options go
    const err = (await compute(a, 'sync').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe('compute: options Invalid input: expected object, received string (received "sync")');
    // @ts-expect-error a number where the options go
    await expect(a.compute(4)).rejects.toThrow('compute: options Invalid input: expected object, received number (received 4)');
    // @ts-expect-error an array where the options go
    await expect(compute([a], [{ pool }])).rejects.toThrow(/^compute: options Invalid input: expected object, received array/);
    expect(await compute([a], { pool })).toEqual([2]);
  });
});
