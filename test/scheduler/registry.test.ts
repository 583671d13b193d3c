/**
 * Executors as plug-ins: a third executor is one module plus `registerExecutor`, and sees the run
 * only through `RunPort`.
 */
import { describe, expect, it } from 'vitest';
import { runTask } from 'dusk-graph/internal';
import {
  compute, delayed, executorNames, registerExecutor, TaskError, type Callback, type Dispatcher, type RunPort,
} from 'dusk-scheduler';
import { z } from 'zod';
import { ops } from './fixtures/ops.ts';
import { buildDag, randomDag, reference } from './fixtures/random-dag.ts';

/** Runs worker tasks one at a time on a later macrotask, as a remote executor would answer. */
class LaterDispatcher implements Dispatcher {
  readonly workers = 1;
  inFlight = 0;
  batches = 0;
  closed = 0;
  constructor(private readonly run: RunPort, private readonly tag: string) {}
  fill(): undefined {
    const run = this.run;
    while (run.readyCount > 0 && this.inFlight === 0 && run.error === undefined) {
      const id = run.takeReady();
      run.started(id);
      this.inFlight++;
      this.batches++;
      setImmediate(() => {
        this.inFlight--;
        if (run.closed) return;
        const deps = Array.from({ length: run.depStart[id + 1]! - run.depStart[id]! }, (_, k) => run.results[run.depIds[run.depStart[id]! + k]!]);
        Promise.resolve()
          .then(() => runTask(run.tasks[id]!, deps))
          .then(
            (v) => run.finishTask(id, v, true, { thread: 7, host: this.tag, pid: 1 }, 1, 2, -1),
            (e: unknown) => run.fail(id, e),
          )
          .finally(() => run.wakeUp());
      });
    }
    return undefined;
  }
  cancel(): void {}
  async close(): Promise<void> {
    this.closed++;
  }
}

const made: LaterDispatcher[] = [];
registerExecutor('later', {
  placement: 'worker',
  inline: 'concurrent',
  options: { tag: z.string().default('here') },
  create: (run, o) => {
    const d = new LaterDispatcher(run, o.tag as string);
    made.push(d);
    return d;
  },
});

describe('registerExecutor', () => {
  it('makes a new executor available to compute by name, running random DAGs correctly', async () => {
    expect(executorNames()).toEqual(['sync', 'threads', 'later']);
    for (let seed = 1; seed <= 40; seed++) {
      const dag = randomDag(seed);
      expect(await compute(buildDag(dag), { scheduler: 'later' }), `seed ${seed}`).toEqual(reference(dag));
    }
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((d) => d.closed === 1)).toBe(true);
  });

  it("validates the executor's own options with the common ones, and passes them to create", async () => {
    const seen: { host?: string; pid?: number; thread: number }[] = [];
    const cb: Callback = { posttask: (t) => void seen.push({ host: t.host, pid: t.pid, thread: t.thread }) };
    expect(await compute(delayed(ops.inc)(1), { scheduler: 'later', callbacks: [cb], ...({ tag: 'box-1' } as object) })).toBe(2);
    expect(seen).toEqual([{ host: 'box-1', pid: 1, thread: 7 }]);
    await expect(compute(delayed(ops.inc)(1), { scheduler: 'later', ...({ tag: 3 } as object) })).rejects.toThrow(/compute: option 'tag'.*received 3/);
    // Another executor's option is refused by name.
    await expect(compute(delayed(ops.inc)(1), { scheduler: 'threads', ...({ tag: 'x' } as object) })).rejects.toThrow(/tag/);
  });

  it('reports failures through the port as TaskErrors', async () => {
    const err = await compute(delayed(ops.inc)(delayed(ops.fail)(3)), { scheduler: 'later', optimizeGraph: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).op).toBe('fail');
  });

  it("fails a run that had succeeded when its executor's clean-up fails, and keeps a failed run's own error", async () => {
    class FailingClose extends LaterDispatcher {
      override async close(): Promise<void> {
        await super.close();
        throw new Error('could not let go of the run');
      }
    }
    registerExecutor('failing-close', { placement: 'worker', inline: 'concurrent', create: (run) => new FailingClose(run, 'x') });
    const finished: unknown[] = [];
    const cb: Callback = { finish: (_run, error) => void finished.push(error) };
    await expect(compute(delayed(ops.inc)(1), { scheduler: 'failing-close', callbacks: [cb] })).rejects.toThrow('could not let go of the run');
    expect(String(finished[0])).toMatch(/could not let go of the run/);
    const err = await compute(delayed(ops.fail)(3), { scheduler: 'failing-close' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as TaskError).op).toBe('fail');
  });

  it('refuses a bad registration with a message naming the field', () => {
    expect(() => registerExecutor('Bad Name', { placement: 'main', inline: 'sequential' })).toThrow(/name must be a lowercase word.*"Bad Name"/);
    expect(() => registerExecutor('x', { placement: 'gpu' as 'main', inline: 'sequential' })).toThrow(/placement.*"gpu"/);
    expect(() => registerExecutor('x', { placement: 'main', inline: 'often' as 'sequential' })).toThrow(/inline.*"often"/);
  });
});
