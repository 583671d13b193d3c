/**
 * Redis key names. Everything a run writes lives under its own prefix
 * `dusk:<queue>:run:<runId>:` (a random UUID per compute), so several clients and runs share one
 * queue and its workers without mixing data, and a run's leftovers are found by prefix:
 *
 * - `…:b:<serial>`      a batch's payload (tasks and inline inputs), deleted by the worker once done
 * - `…:d:<serial>:<j>`  a large result, kept while the scheduler holds it (`RemoteRef`)
 * - `…:closed`          set when the run ends or is aborted: workers start nothing more for it
 *
 * Replies go to the client's own list `dusk:<queue>:client:<clientId>:replies` (each names its
 * run), which one blocking connection of the client pops for all its computes.
 *
 * Workers announce themselves in the set `dusk:<queue>:workers` and keep a heartbeat key
 * `dusk:<queue>:worker:<id>` alive (expiring `HEARTBEAT_TTL_MS` after their last beat).
 */
export const HEARTBEAT_MS = 1000;
export const HEARTBEAT_TTL_MS = 3000;

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A run id or client id (a UUID). */
export function isRunId(s: unknown): s is string {
  return typeof s === 'string' && RUN_ID.test(s);
}

export function runPrefix(queue: string, runId: string): string {
  return `dusk:${queue}:run:${runId}:`;
}

export const payloadKey = (run: string, serial: number) => `${run}b:${serial}`;
export const dataKey = (run: string, serial: number, j: number) => `${run}d:${serial}:${j}`;
/** The list workers push a client's batch replies onto (one per client connection, `client/link.ts`). */
export const clientRepliesKey = (queue: string, clientId: string) => `dusk:${queue}:client:${clientId}:replies`;
export const closedKey = (run: string) => `${run}closed`;

export const workersKey = (queue: string) => `dusk:${queue}:workers`;
export const heartbeatKey = (queue: string, id: string) => `dusk:${queue}:worker:${id}`;

/** BullMQ job id of a batch (unique per run). */
export const jobId = (runId: string, serial: number) => `${runId}-${serial}`;
