/**
 * Main-thread work accounting: how long a `threads` run spent in the user's own functions on the
 * main thread while workers were free (issue 12, "say where work runs").
 *
 * A function reaches a worker only when it was registered with `defineOps` (DESIGN.md §2); a
 * plain closure — `delayed((img) => sobel(gaussian(img)))` — runs on the main thread, in the same
 * graph, without a word. The loop calls `add` after every inline task whose steps call such a
 * function (`isUserMainTask`), with the synchronous part of its duration (an async task's waiting
 * is not work) and whether workers had room when it started (no pool at all counts as free: the
 * pool would have had every worker). Declared-cheap ops (item access) and literal steps never
 * count, nor anything under `sync`, where the main thread is the user's choice; a function
 * is named only when its tasks took 50 µs or more on average (`MIN_MEAN_MS`). Accounting is per
 * function, not per task: a fused task (a chain of closures) counts as one call of each of its
 * user steps, sharing its time between them — so a chain of 100 000 trivial closures is 100 000
 * quick calls of one function (no warning), never one slow "function" named after the whole chain.
 *
 * `warning()` turns the totals into a `PlacementWarning` when they pass `WARN_AFTER_MS`, naming
 * the functions, slowest first, that were not named before in this process: the user is told
 * once per function. The run hands it to its callbacks' `finish` (`RunInfo.warnings`: the
 * ProgressBar prints it under its last line and marks it shown, the Profiler keeps it), then
 * `deliverWarning` publishes it on the `dusk:warning` diagnostics channel and, when nobody
 * subscribes there and nothing showed it, prints it once with `process.emitWarning`.
 *
 * State: per run, a Map from function name to { tasks, ms }; per process, the names already named.
 */
import { channel } from 'node:diagnostics_channel';
import type { Step, Task } from 'dusk-graph';

/** Main-thread time (ms, while workers were free) above which a run warns. */
export const WARN_AFTER_MS = 50;

/**
 * Functions whose tasks took less than this on average (ms) are not named: a worker round trip
 * costs about as much, so a trivial closure (`x + 1`) is better run inline however many there
 * are — and their wall-clock total is mostly the loop's own time, GC pauses and, on a busy
 * machine, time the process was not scheduled at all.
 */
const MIN_MEAN_MS = 0.05;

export interface MainThreadFunction {
  readonly name: string;
  /** Tasks that called it on the main thread while workers were free. */
  readonly tasks: number;
  /** Their synchronous time, in milliseconds. */
  readonly ms: number;
}

/** A run spent noticeable time in main-thread functions while workers were free. */
export interface PlacementWarning {
  readonly code: 'DUSK_MAIN_THREAD_WORK';
  /** One paragraph: what happened and how to move the functions to workers. */
  readonly message: string;
  /** Slowest first. */
  readonly functions: readonly MainThreadFunction[];
  /** Total main-thread milliseconds of `functions`. */
  readonly ms: number;
  /** Set by whatever showed it to the user (the ProgressBar); unshown warnings go to `process.emitWarning`. */
  shown: boolean;
}

/** A step calling a function that has no worker identity (not from `defineOps`). */
function isUserMainStep(s: Step): boolean {
  return s.fn !== undefined && s.op === undefined;
}

/** True when some step of `task` calls a function that has no worker identity. */
export function isUserMainTask(task: Task): boolean {
  return task.steps.some(isUserMainStep);
}

const named = new Set<string>();

export class MainThreadWork {
  private readonly by = new Map<string, { tasks: number; ms: number }>();

  add(task: Task, ms: number): void {
    const steps = task.steps.filter(isUserMainStep);
    const each = ms / steps.length;
    for (const { name } of steps) {
      const s = this.by.get(name);
      if (s) {
        s.tasks++;
        s.ms += each;
      } else this.by.set(name, { tasks: 1, ms: each });
    }
  }

  /** The warning for this run, or undefined (under the threshold, or every function already named). */
  warning(): PlacementWarning | undefined {
    const functions = [...this.by]
      .filter(([name, s]) => !named.has(name) && s.ms >= MIN_MEAN_MS * s.tasks)
      .map(([name, s]) => ({ name, ...s }))
      .sort((a, b) => b.ms - a.ms);
    const ms = functions.reduce((s, f) => s + f.ms, 0);
    if (ms <= WARN_AFTER_MS) return undefined;
    for (const f of functions) named.add(f.name);
    const shown = (name: string) => (name === 'lambda' ? 'anonymous functions' : name);
    const list = functions.slice(0, 3).map((f) => `${shown(f.name)} (${f.tasks} task${f.tasks > 1 ? 's' : ''}, ${Math.round(f.ms)} ms)`);
    if (functions.length > 3) list.push(`${functions.length - 3} more`);
    const first = functions[0]!.name;
    const message =
      `${Math.round(ms)} ms of this compute ran on the main thread while worker threads were free, in ${list.join(', ')}. ` +
      `Only functions registered with defineOps run on workers: register ${first === 'lambda' ? 'the function under a name' : `'${first}'`} ` +
      `with defineOps(import.meta.url, { ${first === 'lambda' ? 'task' : first} }) — in its own module, or in your script above the ` +
      `pipeline code — and pass that function to delayed().`;
    return { code: 'DUSK_MAIN_THREAD_WORK', message, functions, ms, shown: false };
  }
}

/** The `node:diagnostics_channel` channel every dusk warning is published on. */
export const warningChannel = channel('dusk:warning');

/** Publish `w`; print it with `process.emitWarning` when no subscriber and no callback showed it. */
export function deliverWarning(w: PlacementWarning): void {
  if (warningChannel.hasSubscribers) warningChannel.publish(w);
  else if (!w.shown) process.emitWarning(w.message, { type: 'DuskWarning', code: w.code });
}
