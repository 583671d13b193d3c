/**
 * Child processes tied to this process's life: `LocalCluster`'s workers and the private
 * `redis-server`, once they are ready. They never keep this process running — a script that ends
 * (or fails) with its cluster still open ends as if it had closed it — and each still running is
 * sent SIGTERM when this process exits (its end, an uncaught error, `process.exit`), so none is
 * left behind; a worker whose Redis goes away at the same time stops at once (`worker/worker.ts`).
 * A signal that kills this process outright runs no exit handler: then the workers notice on
 * their own (they watch their parent: `worker/cli.ts`) and shut the private redis-server down.
 * `whenReady` waits for a child to say it is ready on its standard output, then ties it.
 *
 * State: the set of live tied children, and whether the exit handler is installed.
 */
import type { ChildProcess } from 'node:child_process';

const tied = new Set<ChildProcess>();
let hooked = false;

type Handle = { unref?(): void } | null;

function killTied(): void {
  for (const child of tied) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

/** Let `child` (and its output pipes) not keep this process running; SIGTERM it when this process exits. */
export function tieToProcess(child: ChildProcess): void {
  child.unref();
  for (const s of [child.stdout, child.stderr] as Handle[]) s?.unref?.();
  tied.add(child);
  child.once('exit', () => tied.delete(child));
  if (!hooked) {
    hooked = true;
    process.on('exit', killTied);
  }
}

/**
 * Resolves once what `child` printed on stdout matches `ready`, and ties it to this process;
 * rejects, naming `what` with the child's output (its stderr, else its stdout), when it exits
 * first or is not ready within `timeoutMs`.
 */
export function whenReady(child: ChildProcess, what: string, ready: RegExp, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let out = '', err = '';
    const output = () => err.trim() || out.trim();
    const onOut = (d: Buffer) => {
      out += d.toString();
      if (!ready.test(out)) return;
      settle();
      tieToProcess(child);
      resolve();
    };
    const onErr = (d: Buffer) => void (err += d.toString());
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      settle();
      reject(new Error(`${what} exited (${signal ?? `code ${code}`}) before it was ready: ${output()}`));
    };
    const timer = setTimeout(() => {
      settle();
      reject(new Error(`${what} not ready after ${timeoutMs} ms: ${output()}`));
    }, timeoutMs);
    // Once settled, later output is not kept (the pipes stay flowing, so the child never blocks on them).
    const settle = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onOut);
      child.stderr!.off('data', onErr);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onOut);
    child.stderr!.on('data', onErr);
    child.once('exit', onExit);
  });
}

/**
 * Keep this process running until `child` has exited (while `close()`/`stop()` wait for it), by
 * a timer: re-referencing a child whose handle and pipes were both unreferenced does not hold the
 * loop (Node 20: a script ending in `await cluster.close()` exited with code 13).
 */
export function holdUntilExit(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const keep = setInterval(() => {}, 60_000);
  child.once('exit', () => clearInterval(keep));
}
