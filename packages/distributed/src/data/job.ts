/**
 * What travels between a client and a worker for one batch.
 *
 * - The BullMQ job's data is only `{ run, serial, client }` (JSON): the run id names the run's key
 *   prefix (`keys.ts`), the serial its payload key, the client id its reply list.
 * - The payload (`Payload`, bytes under `…:b:<serial>`, `data/binary.ts`) is the scheduler's
 *   `BatchMessage` without its thread-local parts (progress cells, slot, codec module URLs): op
 *   references as (module URL, name), the wire-encoded steps, the dependency codes and the
 *   external inputs (inline values, or `RemoteRef`s to results kept in Redis).
 * - The reply (`Reply`, bytes pushed onto `…:replies`) is the `BatchReply` the worker's pool made,
 *   with large results replaced by `RemoteRef`s, plus the serial and the worker's host and pid;
 *   or, when the job itself was lost (its worker died more often than the stalled-job limit
 *   allows), a reply of kind `lost` with the reason.
 */
import type { BatchMessage, BatchReply, WireError } from 'dusk-scheduler';
import { isRunId } from '../keys.ts';

export interface JobData {
  readonly run: string;
  readonly serial: number;
  /** The client whose reply list gets the reply. */
  readonly client: string;
}

/** The batch's own fields, as the scheduler's `BatchMessage` has them (see the header). */
export interface Payload extends Pick<BatchMessage, 'ops' | 'depStart' | 'depCodes' | 'inputs' | 'ret' | 'measureBytes' | 'deadlineMs'> {
  /** Wire steps as `BatchMessage['tasks']`, their ref mode as received (from another process). */
  readonly tasks: readonly (readonly (readonly [number, readonly unknown[], unknown])[])[];
  /** Results above this many bytes stay in Redis. */
  readonly inlineBytes: number;
  /** Expiry of the keys the worker writes. */
  readonly ttlSeconds: number;
  /** Results above this many bytes go to the shared directory, when the client uses one and the worker has it. */
  readonly sharedAboveBytes?: number;
}

/** Which run and batch a reply answers, and the worker process that made it. */
export interface ReplyAddress {
  readonly run: string;
  readonly serial: number;
  readonly host: string;
  readonly pid: number;
}

/** A batch's reply, or `lost`: the job failed for good on the workers (`error` says why). */
export type Reply = (BatchReply & ReplyAddress) | (ReplyAddress & { readonly kind: 'lost'; readonly error: WireError });

/** The job data, checked (a job not made by a dusk client is refused, never interpreted). */
export function parseJobData(d: unknown): JobData {
  const o = d as Partial<JobData> | null;
  if (o === null || typeof o !== 'object' || !isRunId(o.run) || !isRunId(o.client) || !Number.isSafeInteger(o.serial) || o.serial! < 1) {
    throw new TypeError(`dusk-worker: job data must be { run: <uuid>, serial: <positive integer>, client: <uuid> } (received ${String(JSON.stringify(d)).slice(0, 160)})`);
  }
  return { run: o.run!, serial: o.serial!, client: o.client! };
}
