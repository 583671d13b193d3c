/**
 * A private `redis-server` for trying things out and for tests (what `LocalCluster` starts when
 * given no connection): Debian's `redis-server` on a free loopback port (127.0.0.1 only), with no
 * persistence (`--save '' --appendonly no`), stopped with `stop()`, and tied to this process once
 * ready (`children.ts`: it does not keep this process running, and ends when this process exits). A missing redis-server is an
 * error saying how to install it. For anything shared, run a real Redis with a password (README
 * "Running on several machines").
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { holdUntilExit, whenReady } from './children.ts';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Start a redis-server on a free loopback port; resolves once it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('startRedisServer: redis-server is not installed or not on PATH: install it (Debian/Ubuntu: apt-get install -y redis-server), or pass a connection to a Redis you run');
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await whenReady(child, `startRedisServer: redis-server on port ${port}`, /Ready to accept connections/, 10_000);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    process: child,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        holdUntilExit(child);
        child.kill(signal);
      }
      await exited;
    },
  };
}
