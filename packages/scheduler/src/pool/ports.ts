/**
 * Replies the main thread cannot read.
 *
 * Piscina 5 receives each worker's replies on a MessagePort of its own but does not listen for
 * that port's `messageerror` (a message that fails to deserialize, e.g. nested deeper than the
 * main thread's stack allows): the batch would stay pending for ever. `onReplyError` reaches that
 * port through the `workerCreate` event, whose worker interface carries piscina's per-worker
 * record (with `port` and `worker`) under its own symbol `Piscina.kWorkerData`, and reports a
 * `messageerror` with the worker's thread id. The encoder already refuses values nested too deep
 * (arrays, objects, Map values: `encodeWire`), so this is the fallback for whatever else fails to
 * deserialize (Sets nested thousands deep, say). If a piscina version stores the record
 * differently nothing is hooked; test/scheduler/deep-results.test.ts would then hang and time out.
 */
import { MessagePort, Worker } from 'node:worker_threads';
import type { Piscina } from 'piscina';

interface WorkerRecord {
  readonly port?: unknown;
  readonly worker?: unknown;
}

function recordOf(iface: object): WorkerRecord | undefined {
  const key = Object.getOwnPropertySymbols(iface).find((s) => s.description === 'Piscina.kWorkerData');
  return key === undefined ? undefined : ((iface as Record<symbol, unknown>)[key] as WorkerRecord | undefined);
}

/** Call `handler(threadId, error)` when a reply of some worker of `piscina` cannot be deserialized. */
export function onReplyError(piscina: Piscina, handler: (thread: number, error: unknown) => void): void {
  piscina.on('workerCreate', (iface: object) => {
    const { port, worker } = recordOf(iface) ?? {};
    if (!(port instanceof MessagePort) || !(worker instanceof Worker)) return;
    const thread = worker.threadId;
    port.on('messageerror', (e: unknown) => handler(thread, e));
  });
}

