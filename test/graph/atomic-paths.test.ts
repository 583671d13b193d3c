/**
 * The paths of atomic writes, cheap enough for thousands of tiny files: temporary names
 * (`tempPathFor`) unique per process, thread and call, with a random part drawn once per thread —
 * not a `randomBytes` call per file, which cost ~9 µs of a tiny image's `imwrite`; and
 * `atomicTarget` answering "no file there yet" without an exception (its stack trace cost more
 * than the lstat).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { atomicTarget, tempPathFor } from 'dusk-graph/internal';
import { sampleAllocations, totalBytes } from '../helpers/index.ts';

const NAME = /^\.image\.bmp\.(\d+)\.(\d+)\.([0-9a-f]{12})-([0-9a-z]+)\.tmp$/;

describe('tempPathFor', () => {
  it('puts the temporary file beside its target, hidden, naming the process and thread', () => {
    const p = tempPathFor('/some/dir/image.bmp');
    expect(dirname(p)).toBe('/some/dir');
    const m = NAME.exec(basename(p));
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(process.pid);
    expect(Number(m![2])).toBe(threadId);
  });

  it("draws one thread's random part once and tells its calls apart by a counter", () => {
    const parts = Array.from({ length: 3 }, () => NAME.exec(basename(tempPathFor('/d/image.bmp')))!);
    expect(new Set(parts.map((m) => m[3])).size).toBe(1);
    const counts = parts.map((m) => parseInt(m[4]!, 36));
    expect(counts[1]! - counts[0]!).toBe(1);
    expect(counts[2]! - counts[1]!).toBe(1);
  });

  it('never gives the same name twice', () => {
    const names = new Set(Array.from({ length: 10_000 }, () => tempPathFor('/d/image.bmp')));
    expect(names.size).toBe(10_000);
  });
});

describe('atomicTarget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dusk-atomic-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a new file no mode, an existing one its mode, and a path under a file no mode either', () => {
    expect(atomicTarget(join(dir, 'new.bmp'))).toEqual({ target: join(dir, 'new.bmp'), mode: undefined });
    writeFileSync(join(dir, 'old.bmp'), 'x', { mode: 0o640 });
    expect(atomicTarget(join(dir, 'old.bmp')).mode).toBe(0o640);
    expect(atomicTarget(join(dir, 'old.bmp', 'under.bmp'))).toEqual({ target: join(dir, 'old.bmp', 'under.bmp'), mode: undefined });
  });

  it('allocates no error per new file (an ENOENT exception made ~1 KB of garbage a call)', async () => {
    const calls = 1000;
    const paths = Array.from({ length: calls }, (_, i) => join(dir, `new-${i}.bmp`));
    for (let i = 0; i < 100; i++) atomicTarget(join(dir, `warm-${i}.bmp`));
    const profile = await sampleAllocations(() => {
      for (let i = 0; i < calls; i++) atomicTarget(paths[i]!);
    });
    // ~190 B here on Node 20 and ~310 on Node 24 (its lstat result is bigger); an ENOENT error with its stack is ~1 KB on either
    expect(totalBytes(profile) / calls).toBeLessThan(500);
  });
});
