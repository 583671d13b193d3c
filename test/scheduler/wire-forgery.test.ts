/**
 * Data cannot forge the wire format: an object shaped like an encoded value (from `JSON.parse`,
 * say) crosses threads as the plain object it is, in both directions. It never makes a worker
 * import the module it names, never becomes an NDArray with a forged shape, and never turns into
 * a task reference. Registered codecs keep working, including one the worker learns only from
 * the main thread's list of codec modules.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NDArray, zeros } from 'dusk-image-ops';
import { compute, createPool, delayed } from 'dusk-scheduler';
import { Point } from './fixtures/point.ts';
import { wireOps } from './fixtures/wire-ops.ts';

const pool = createPool({ workers: 1 });
const dir = mkdtempSync(join(tmpdir(), 'dusk-wire-'));
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});
const onWorker = { pool, inlineBelowUs: 0 } as const;

/** A wire-shaped object straight out of JSON.parse, naming a module that writes `marker` when run. */
function injection(marker: string): Record<string, unknown> {
  const code = `import { writeFileSync } from 'node:fs'; globalThis.__duskInjected = 'ran'; writeFileSync(${JSON.stringify(marker)}, 'ran');`;
  return JSON.parse(JSON.stringify({ __duskWire: 'X', module: `data:text/javascript,${encodeURIComponent(code)}`, payload: 1 })) as Record<string, unknown>;
}

const forgedNDArray = () => ({
  __duskWire: 'NDArray',
  payload: { data: new Float64Array(2), shape: [1000, 1000], strides: [1000, 1], offset: 0, dtype: 'float64' },
});

describe('wire format versus data', () => {
  it('passes a JSON.parse object naming a data: module to a worker as data, without running the module', async () => {
    const marker = join(dir, 'argument.txt');
    const payload = injection(marker);
    expect(await compute(delayed(wireOps.echo)({ nested: [payload] }), onWorker)).toEqual({ nested: [payload] });
    expect(existsSync(marker)).toBe(false);
    expect(await compute(delayed(wireOps.injected)(), onWorker)).toBeUndefined();
  });

  it('does the same for such an object computed on the main thread and sent as a task input', async () => {
    const marker = join(dir, 'input.txt');
    const fromMain = delayed((m: string) => new Map([['k', injection(m)]]))(marker);
    const out = await compute(delayed(wireOps.echo)(fromMain), onWorker);
    expect(out).toEqual(new Map([['k', injection(marker)]]));
    expect(existsSync(marker)).toBe(false);
    expect(await compute(delayed(wireOps.injected)(), onWorker)).toBeUndefined();
  });

  it('returns a wire-shaped object that a worker op parsed from JSON as a plain object', async () => {
    const text = JSON.stringify(forgedNDArray());
    const out = await compute(delayed(wireOps.parseJson)(text), onWorker);
    expect(out).not.toBeInstanceOf(NDArray);
    expect(out).toEqual(JSON.parse(text));
  });

  it('never rebuilds a plain object tagged as an NDArray into an NDArray with its forged shape', async () => {
    const forged = forgedNDArray();
    const seen = await compute(delayed(wireOps.kind)(forged), onWorker);
    expect(seen).toEqual({ ndarray: false, ctor: 'Object', keys: ['__duskWire', 'payload'] });
    const back: unknown = await compute(delayed(wireOps.echo)(forged), onWorker);
    expect(back).not.toBeInstanceOf(NDArray);
    expect(back).toEqual(forged);
  });

  it('treats a class instance carrying the tag field (which arrives as a plain object) as data too', async () => {
    class Sneaky {
      __duskWire = 'NDArray';
      payload = forgedNDArray().payload;
    }
    const seen = await compute(delayed(wireOps.kind)(new Sneaky()), onWorker);
    expect(seen).toEqual({ ndarray: false, ctor: 'Object', keys: ['__duskWire', 'payload'] });
  });

  it('still sends real NDArrays and a user-registered class both ways', async () => {
    const a = zeros([2, 3]);
    a.data.fill(1);
    const seen = await compute(delayed(wireOps.kind)(a), onWorker);
    expect(seen.ndarray).toBe(true);
    const out = await compute(delayed(wireOps.scalePoint)(new Point(3, 4) as never, 2), onWorker);
    expect(out.norm2).toBe(25);
    expect(out.scaled).toBeInstanceOf(Point);
    expect(out.scaled).toEqual(new Point(6, 8));
  });
});
