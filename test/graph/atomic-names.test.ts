/**
 * Temporary names of atomic writes (`tempPathFor`): unique per process, thread and call, with a
 * random part drawn once per thread — not a `randomBytes` call per file, which cost ~9 µs of a
 * tiny image's `imwrite`.
 */
import { basename, dirname } from 'node:path';
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { tempPathFor } from 'dusk-graph/internal';

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
