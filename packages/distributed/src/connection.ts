/**
 * Redis connections that fail instead of hanging.
 *
 * ioredis by default queues commands while disconnected and reconnects forever, so a dead Redis
 * would make a compute wait forever. Every connection dusk opens here
 * - gives up connecting after `connectTimeout` (5 s) and a few retries, with an error naming the
 *   endpoint (`where(connection)`, the password left out);
 * - does not queue commands while offline (`enableOfflineQueue: false` once connected): a command
 *   sent to a lost Redis fails at once;
 * - reports the loss of an established connection through `onLost`, so the run using it fails
 *   with a clear error (a restarted Redis without persistence has lost the run's jobs and data:
 *   carrying on would hang).
 * BullMQ's own connections (Queue, Worker) are made from the same options.
 */
import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

const CONNECT_TIMEOUT_MS = 5000;
const CONNECT_RETRIES = 3;

/** The database number a connection selects (a URL's path, `/3`; an options object's `db`), or NaN when the URL's path is not one. */
function dbOf(c: string | RedisOptions): number {
  if (typeof c !== 'string') return c.db ?? 0;
  try {
    const path = new URL(c).pathname.replace(/^\//, '');
    return path === '' ? 0 : /^\d+$/.test(path) ? Number(path) : NaN;
  } catch {
    return 0;
  }
}

/** `host:port` (and `/db` unless 0) of a connection, for messages (never the password). */
export function where(c: string | RedisOptions): string {
  const db = dbOf(c), tail = db === 0 ? '' : `/${db}`;
  if (typeof c === 'string') {
    try {
      const u = new URL(c);
      return `${u.protocol}//${u.hostname}:${u.port || 6379}${Number.isNaN(db) ? u.pathname : tail}`;
    } catch {
      return 'redis (unparsable URL)';
    }
  }
  return `${c.tls ? 'rediss' : 'redis'}://${c.host ?? '127.0.0.1'}:${c.port ?? 6379}${tail}`;
}

export interface ConnectOptions {
  /** Reconnect for ever when the connection drops (a worker), instead of giving up (a client). */
  persistent?: boolean;
  /** Called once when an established connection is lost (not for `persistent` ones). */
  onLost?: (e: Error) => void;
}

/** ioredis options for `c` with dusk's fail-fast policy (user fields win except the retry policy). */
export function redisOptions(c: string | RedisOptions, name: string, persistent: boolean): RedisOptions {
  const fromUrl: RedisOptions = typeof c === 'string' ? {} : c;
  return {
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...fromUrl,
    connectionName: name.replace(/[^\w.:-]/g, '_'),
    lazyConnect: true,
    enableOfflineQueue: false,
    retryStrategy: persistent
      ? (times: number) => Math.min(200 * times, 2000)
      : (times: number) => (times > CONNECT_RETRIES ? null : Math.min(200 * times, 1000)),
  };
}

/**
 * A connected client; rejects with an error naming the endpoint when Redis cannot be reached.
 */
export async function connect(c: string | RedisOptions, name: string, o: ConnectOptions = {}): Promise<Redis> {
  const { onLost, persistent = false } = o;
  const opts = redisOptions(c, name, persistent);
  const r = typeof c === 'string' ? new Redis(c, opts) : new Redis(opts);
  let last: Error | undefined;
  r.on('error', (e: Error) => (last = e));
  try {
    await r.connect();
    // ioredis reports a failed SELECT only as an event and carries on in database 0: select it
    // again here, so a database Redis does not have fails the connection instead.
    const db = dbOf(c);
    if (Number.isNaN(db)) throw new Error('the URL path must be a database number, such as /0');
    if (db !== 0) await r.select(db);
  } catch (e) {
    r.disconnect();
    const cause = last ?? e;
    throw new Error(`cannot reach Redis at ${where(c)}: ${(cause as Error).message}`, { cause });
  }
  let closing = false;
  const quit = r.quit.bind(r);
  r.quit = (async (...a: Parameters<Redis['quit']>) => {
    closing = true;
    return quit(...a);
  }) as Redis['quit'];
  r.once('close', () => {
    if (!closing && !persistent && onLost) onLost(new Error(`lost the connection to Redis at ${where(c)}${last ? `: ${last.message}` : ''} (a restarted Redis has lost this run's jobs and data)`, { cause: last }));
  });
  return r;
}

/**
 * Connection options for BullMQ's own clients (a Queue, a Worker): the user's connection as
 * given, with a connect timeout. BullMQ manages their reconnection (a worker waits for Redis to
 * come back); a client watches its own connection (`connect`) to fail a run.
 */
export function bullConnection(c: string | RedisOptions): ConnectionOptions {
  return typeof c === 'string' ? { url: c, connectTimeout: CONNECT_TIMEOUT_MS } : ({ connectTimeout: CONNECT_TIMEOUT_MS, ...c } as ConnectionOptions);
}

/** Close quietly (a connection that is already gone is fine). */
export async function close(r: Redis | undefined): Promise<void> {
  if (!r) return;
  try {
    await r.quit();
  } catch {
    r.disconnect();
  }
}
