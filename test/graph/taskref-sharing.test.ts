/**
 * TaskRefs are immutable, so one per small index is shared: a worker decoding every step's
 * arguments of a batch of thousands of tasks builds no TaskRef objects (it built one per
 * reference per step).
 */
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, TaskRef } from 'dusk-graph/internal';

describe('TaskRef on the wire', () => {
  it('decodes a small index to the same shared TaskRef every time', () => {
    const a = decodeWire(encodeWire([new TaskRef(0), { sigma: 10 }])) as unknown[];
    const b = decodeWire(encodeWire([new TaskRef(0), 'x'])) as unknown[];
    expect(a[0]).toBeInstanceOf(TaskRef);
    expect(a[0]).toBe(b[0]);
    expect((a[0] as TaskRef).index).toBe(0);
  });

  it('still decodes a large index to a TaskRef of that index', () => {
    const r = decodeWire(encodeWire(new TaskRef(100_000))) as TaskRef;
    expect(r).toBeInstanceOf(TaskRef);
    expect(r.index).toBe(100_000);
  });
});
