/**
 * A client's connections to one Redis and queue, shared by its computes (`Link.acquire`).
 *
 * Opening them (two Redis connections and a BullMQ queue) costs tens of milliseconds, more than a
 * small compute, so computes in a row or at once share one link: a data connection, a BullMQ
 * `Queue`, and one blocking connection that pops this client's reply list
 * (`dusk:<queue>:client:<clientId>:replies`) and hands each reply to its run. A link with no run
 * left closes `IDLE_CLOSE_MS` later (so a script ends that long after its last compute).
 *
 * A lost connection fails every run on the link (`onLost` of `connect`: never a hang) and drops
 * the link from the cache; the next compute opens a new one (or fails to reach Redis, saying so).
 *
 * State: the cache of links by endpoint and queue; per link its runs and reference count.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis, RedisOptions } from 'ioredis';
import { Estimates } from 'dusk-scheduler';
import { binaryToEncoded } from '../data/binary.ts';
import type { Reply } from '../data/job.ts';
import { bullConnection, close, connect, where } from '../connection.ts';
import { clientRepliesKey } from '../keys.ts';

const IDLE_CLOSE_MS = 100;
const POP_MAX = 256;

/** What a run gets from its link. */
export interface LinkedRun {
  settle(r: Reply): void;
  fatal(e: Error): void;
}

const links = new Map<string, Promise<Link>>();
const estimates = new Map<string, Estimates>();

export class Link {
  readonly clientId = randomUUID();
  readonly repliesKey: string;
  /** Duration estimates for this endpoint and queue, kept across computes and links. */
  readonly estimates: Estimates;
  private readonly runs = new Map<string, LinkedRun>();
  private refs = 0;
  private idle: NodeJS.Timeout | undefined;
  private broken: Error | undefined;
  private closed = false;

  private constructor(
    private readonly cacheKey: string,
    readonly endpoint: string,
    readonly queueName: string,
    readonly redis: Redis,
    private readonly blocking: Redis,
    readonly queue: Queue,
  ) {
    this.repliesKey = clientRepliesKey(queueName, this.clientId);
    const ek = `${endpoint}/${queueName}`;
    if (!estimates.has(ek)) estimates.set(ek, new Estimates());
    this.estimates = estimates.get(ek)!;
    void this.listen();
  }

  /** The shared link for `connection` and `queue` (opened on first use), with a reference taken. */
  static async acquire(connection: string | RedisOptions, queue: string): Promise<Link> {
    const key = `${JSON.stringify(connection)}\u0000${queue}`;
    let p = links.get(key);
    if (!p) {
      p = Link.open(key, connection, queue);
      links.set(key, p);
      p.catch(() => links.delete(key));
    }
    const link = await p;
    if (link.closed) return Link.acquire(connection, queue);
    link.refs++;
    if (link.idle) clearTimeout(link.idle);
    link.idle = undefined;
    return link;
  }

  private static async open(key: string, connection: string | RedisOptions, queue: string): Promise<Link> {
    let self: Link | undefined;
    const lost = (e: Error) => self?.lose(e);
    const redis = await connect(connection, 'dusk-client', { onLost: lost });
    let blocking: Redis | undefined;
    try {
      blocking = await connect(connection, 'dusk-client-replies', { onLost: lost });
      const q = new Queue(queue, { connection: bullConnection(connection) });
      q.on('error', () => undefined);
      self = new Link(key, where(connection), queue, redis, blocking, q);
      return self;
    } catch (e) {
      await close(blocking);
      await close(redis);
      throw e;
    }
  }

  /** Route replies for `runId` to `run` until `detach`; throws when the link is already broken. */
  attach(runId: string, run: LinkedRun): void {
    if (this.broken) throw this.broken;
    this.runs.set(runId, run);
  }

  detach(runId: string): void {
    this.runs.delete(runId);
  }

  /** Give back a reference; the last one closes the link a little later. */
  release(): void {
    if (--this.refs > 0 || this.closed) return;
    this.idle = setTimeout(() => void this.close(), IDLE_CLOSE_MS);
  }

  private lose(e: Error): void {
    if (this.closed || this.broken) return;
    this.broken = e;
    links.delete(this.cacheKey);
    for (const r of this.runs.values()) r.fatal(e);
  }

  private async close(): Promise<void> {
    if (this.closed || this.refs > 0) return;
    this.closed = true;
    if (links.get(this.cacheKey)) links.delete(this.cacheKey);
    this.blocking.disconnect();
    await Promise.race([this.queue.close(), new Promise((r) => setTimeout(r, 1000).unref())]).catch(() => undefined);
    void this.queue.disconnect().catch(() => undefined);
    await close(this.redis);
  }

  private async listen(): Promise<void> {
    const key = this.repliesKey;
    while (!this.closed && !this.broken) {
      let bufs: Buffer[];
      try {
        const first = await this.blocking.blpopBuffer(key, 1);
        if (!first) continue;
        bufs = [first[1]];
        const more = await this.blocking.lpopBuffer(key, POP_MAX);
        if (more) bufs.push(...(more as unknown as Buffer[]));
      } catch (e) {
        // oxlint-disable-next-line typescript/no-unnecessary-condition -- close() may have run while blpop was awaited
        if (!this.closed) this.lose(new Error(`lost the reply channel on Redis at ${this.endpoint}: ${(e as Error).message}`, { cause: e }));
        return;
      }
      for (const b of bufs) {
        const r = binaryToEncoded(b) as Reply;
        this.runs.get(r.run)?.settle(r);
      }
    }
  }
}
