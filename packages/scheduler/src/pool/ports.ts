/**
 * Replies the main thread cannot read.
 *
 * Piscina 5 receives each worker's replies on a MessagePort of its own, two ways: 'message'
 * events, and — whenever any reply arrives — a synchronous drain of every worker's port with
 * `receiveMessageOnPort` (`processPendingMessages`). A reply that fails to deserialize (nested
 * deeper than the main thread's stack allows, say) then either fires the port's `messageerror`,
 * which piscina does not listen for (the batch stays pending for ever), or throws out of the
 * drain inside another reply's event handler (an uncaught RangeError on the main thread, which
 * ends a script). `onReplyError` reaches piscina's per-worker record (with `port`, `worker` and
 * `processPendingMessages`) through the `workerCreate` event's worker interface, which carries it
 * under its own symbol `Piscina.kWorkerData`, and reports both with the worker's thread id: it
 * listens for `messageerror` and wraps the drain so that its throw is caught. The encoder already
 * refuses values nested too deep (arrays, objects, Map values: `encodeWire`), so this is the
 * fallback for whatever else fails to deserialize (Sets nested thousands deep, say). If a
 * piscina version stores the record differently nothing is hooked;
 * test/scheduler/deep-results.test.ts would then fail.
 */
import { MessagePort, Worker } from 'node:worker_threads';
import type { Piscina } from 'piscina';

interface WorkerRecord {
  readonly port?: unknown;
  readonly worker?: unknown;
  processPendingMessages?: unknown;
}

function recordOf(iface: object): WorkerRecord | undefined {
  const key = Object.getOwnPropertySymbols(iface).find((s) => s.description === 'Piscina.kWorkerData');
  return key === undefined ? undefined : ((iface as Record<symbol, unknown>)[key] as WorkerRecord | undefined);
}

/** Call `handler(threadId, error)` when a reply of some worker of `piscina` cannot be deserialized. */
export function onReplyError(piscina: Piscina, handler: (thread: number, error: unknown) => void): void {
  piscina.on('workerCreate', (iface: object) => {
    const record = recordOf(iface);
    const { port, worker } = record ?? {};
    if (!record || !(port instanceof MessagePort) || !(worker instanceof Worker)) return;
    const thread = worker.threadId;
    port.on('messageerror', (e: unknown) => handler(thread, e));
    const drain = record.processPendingMessages;
    if (typeof drain !== 'function') return;
    record.processPendingMessages = function (this: unknown, ...args: unknown[]): unknown {
      try {
        return (drain as (...a: unknown[]) => unknown).apply(this, args);
      } catch (e) {
        handler(thread, e);
        return undefined;
      }
    };
  });
}
