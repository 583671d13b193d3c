/**
 * The worker protocol (`worker/protocol.ts`) as a pool worker speaks it: each message kind, each
 * reply kind, and what a worker does with a message it does not know.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { OpRef } from 'dusk-graph';
import { decodeWire, opRef } from 'dusk-graph/internal';
import { createPool, newControl, type BatchMessage } from 'dusk-scheduler';
import { progressCell, REPLY_CELL } from 'dusk-scheduler/testing';
import { ops } from './fixtures/ops.ts';
import { refused } from './fixtures/throw-on-import.ts';

const pool = createPool({ workers: 1 });
afterAll(() => pool.close());

const refOf = (fn: (...args: never[]) => unknown): OpRef => opRef(fn)!;

/** A batch of independent tasks, each one op call on literal (reference-free) arguments. */
function batch(calls: readonly [OpRef, unknown[]][], o: { deadlineMs?: number; cancelled?: boolean } = {}): BatchMessage {
  const table = [...new Set(calls.map(([op]) => op))];
  const n = calls.length;
  const control = newControl(1);
  if (o.cancelled) Atomics.store(control, 0, 1);
  return {
    kind: 'batch', ops: table, codecs: [], tasks: calls.map(([op, args]) => [[table.indexOf(op), args, 0] as const]),
    depStart: new Int32Array(n + 1), depCodes: new Int32Array(0), inputs: [], ret: new Uint8Array(n).fill(1), control, slot: 0,
    measureBytes: false, deadlineMs: o.deadlineMs ?? 60_000, epoch: performance.timeOrigin + performance.now(),
  };
}

describe('worker protocol', () => {
  it('answers a batch whose tasks all ran with done and every result', async () => {
    const reply = await pool.run(batch([[refOf(ops.inc), [1]], [refOf(ops.mul), [6, 7]]]));
    expect(reply.kind).toBe('done');
    if (reply.kind !== 'done') return;
    expect(decodeWire(reply.results)).toEqual([2, 42]);
    expect(reply.thread).toBe(pool.threadIds[0]);
  });

  it('answers a batch past its deadline with stopped, the tasks that ran and the rest unrun', async () => {
    const reply = await pool.run(batch([[refOf(ops.spin), [1, 20]], [refOf(ops.inc), [2]], [refOf(ops.inc), [3]]], { deadlineMs: 1 }));
    expect(reply.kind).toBe('stopped');
    if (reply.kind !== 'stopped') return;
    expect(reply.ran).toBe(1);
    expect(decodeWire(reply.results)).toEqual([1]);
  });

  it('answers a batch with a throwing task with failed, naming the task and step, after the tasks before it', async () => {
    const reply = await pool.run(batch([[refOf(ops.inc), [1]], [refOf(ops.fail), [5]], [refOf(ops.inc), [3]]]));
    expect(reply.kind).toBe('failed');
    if (reply.kind !== 'failed') return;
    expect(reply.ran).toBe(1);
    expect(reply.failure).toMatchObject({ index: 1, step: 0, error: { name: 'RangeError', props: { code: 'E_ON_PURPOSE' } } });
    expect(decodeWire(reply.results)).toEqual([2]);
  });

  it('answers a batch of a cancelled run with cancelled and nothing else', async () => {
    const reply = await pool.run(batch([[refOf(ops.inc), [1]]], { cancelled: true }));
    expect(reply).toEqual({ kind: 'cancelled', thread: pool.threadIds[0], reply: expect.any(Number) });
  });

  it('numbers a worker\'s batch replies in order, and a termination for an unreadable reply names the next one', async () => {
    const sent = [batch([[refOf(ops.inc), [1]]]), batch([[refOf(ops.fail), [2]]]), batch([[refOf(ops.inc), [3]]], { cancelled: true })];
    const numbers: number[] = [];
    for (const msg of sent) {
      const reply = await pool.run(msg);
      numbers.push(reply.reply!);
      // The batch's reply cell holds the same number.
      expect(Atomics.load(msg.control, progressCell(0) + REPLY_CELL)).toBe(reply.reply);
    }
    expect(numbers).toEqual([numbers[0], numbers[0]! + 1, numbers[0]! + 2]);
    const thread = pool.threadIds[0]!;
    pool.terminate(thread, new Error('a reply could not be read'), 'reply');
    expect(pool.terminated(thread)).toMatchObject({ culprit: 'reply', reply: numbers[2]! + 1 });
    // The replacement worker numbers its replies from 1.
    while (pool.threadIds.includes(thread)) await new Promise((r) => setTimeout(r, 5));
    expect(await pool.run(batch([[refOf(ops.inc), [4]]]))).toMatchObject({ kind: 'done', reply: 1 });
  });

  it('refuses a message of unknown kind, naming the kinds it accepts, and stays usable', async () => {
    const bogus = { ...batch([[refOf(ops.inc), [1]]]), kind: 'run' } as unknown as BatchMessage;
    await expect(pool.run(bogus)).rejects.toThrow(/unknown message kind "run" \(expected 'batch' or 'warmup'\)/);
    expect((await pool.run(batch([[refOf(ops.inc), [1]]]))).kind).toBe('done');
  });

  it('rejects a warm-up naming the op whose module a worker could not import', async () => {
    const p = createPool({ workers: 1 });
    try {
      await expect(p.warmup([ops.inc, refused.unloadable])).rejects.toThrow(/Pool.warmup: ops\[1\] \(unloadable from .*throw-on-import.ts\) could not be imported on worker thread \d+/);
      await p.warmup([ops.inc]);
    } finally {
      await p.close();
    }
  });
});
