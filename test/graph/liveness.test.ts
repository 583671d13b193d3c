/**
 * Liveness inside a merged task (`core/liveness.ts`): `runTask` drops each local value once no
 * later step reads it — references at the top of a step's arguments, nested in its containers,
 * or as a Map key alike — and shows a task-scope hook only the values still live between steps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deaths, lastUses, runTask, setTaskScopeHook, TaskRef, type Task, type TaskScopeHook } from 'dusk-graph/internal';

const step = (fn: (...a: never[]) => unknown, args: unknown[], refMode: 0 | 1 | 2) =>
  ({ fn: fn as (...a: unknown[]) => unknown, op: undefined, name: fn.name || 'f', args, refMode, cheap: false });

/** deps [d0, d1]; s0 = d0 + 1; s1 = 2 · s0 (read inside an object that also holds d1); s2 = s1 + d1. */
const task: Task = {
  key: 'chain', name: 'chain',
  steps: [
    step((a: number) => a + 1, [new TaskRef(0)], 1),
    step((o: { x: number; keep: number[] }) => o.x * 2, [{ x: new TaskRef(2), keep: [new TaskRef(1)] }], 2),
    step((a: number, b: number) => a + b, [new TaskRef(3), new TaskRef(1)], 1),
  ],
} as unknown as Task;

let previous: TaskScopeHook | undefined;
afterEach(() => setTaskScopeHook(previous));

describe('liveness inside a merged task', () => {
  it('finds the last step reading each value, through nested containers and Map keys', () => {
    expect([...lastUses(task, 2)]).toEqual([0, 2, 1, 2, -1]);
    const keyed = { key: 'k', name: 'k', steps: [step((m: Map<unknown, string>) => m.size, [new Map([[new TaskRef(0), 'v']])], 2)] } as unknown as Task;
    expect([...lastUses(keyed, 1)]).toEqual([0, -1]);
  });

  it('lists, per step, the values that die after it, each once (so dropping them costs O(1) per step)', () => {
    const d = deaths(task, 2);
    const after = (k: number) => [...d.slots.subarray(d.start[k]!, d.start[k + 1]!)].sort((a, b) => a - b);
    expect([after(0), after(1), after(2)]).toEqual([[0], [2], [1, 3]]); // the result (slot 4) never dies
    // a value nothing reads dies after the step that made it
    const unread = { key: 'u', name: 'u', steps: [step(() => 1, [], 0), step(() => 2, [], 0)] } as unknown as Task;
    const u = deaths(unread, 1);
    expect([...u.slots.subarray(u.start[0]!, u.start[1]!)].sort((a, b) => a - b)).toEqual([0, 1]);
  });

  it('shows the hook only the values later steps still read, and computes the same result', () => {
    const seen: unknown[][] = [];
    previous = setTaskScopeHook({ begin() {}, end() {}, abandon() {}, step: (live) => seen.push([...live]) });
    expect(runTask(task, [10, 5])).toBe(27); // (10 + 1) · 2 + 5
    expect(seen).toEqual([
      [undefined, 5, 11], // d0 read last by step 0
      [undefined, 5, undefined, 22], // s0 read last by step 1; d1 still needed by step 2
    ]);
  });
});
