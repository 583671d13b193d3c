/**
 * The `dusk-worker` command line refuses bad arguments with a message and exit status 2, before
 * connecting anywhere.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const BIN = 'packages/distributed/bin/dusk-worker.mjs';
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--conditions=dusk-source', BIN, ...args], {
    encoding: 'utf8', env: { ...process.env, DUSK_WORKER_FROM_SOURCE: '1', DUSK_REDIS_URL: '' }, timeout: 30_000,
  });

describe('dusk-worker', () => {
  it('refuses a non-numeric --concurrency, naming the flag and the value', () => {
    const r = run('--connection', 'redis://127.0.0.1:1', '--ops', 'x.js', '--concurrency', 'x');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('dusk-worker: --concurrency must be a whole number (received "x")');
    expect(r.stderr).toContain('usage: dusk-worker');
  });

  it('needs at least one --ops module and a connection', () => {
    const noOps = run('--connection', 'redis://127.0.0.1:1');
    expect(noOps.status).toBe(2);
    expect(noOps.stderr).toMatch(/dusk-worker: at least one --ops module \(or --script\) is required/);
    const noConnection = run('--ops', 'test/scheduler/fixtures/ops.ts');
    expect(noConnection.status).toBe(2);
    expect(noConnection.stderr).toMatch(/dusk-worker: --connection is required .*DUSK_REDIS_URL/);
  });

  it('names the flag, not the option behind it, when a value is out of range', () => {
    const r = run('--connection', 'redis://127.0.0.1:1', '--ops', 'x.js', '--lock-ms', '10');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^dusk-worker: --lock-ms Too small: expected number to be >=200 \(received 10\)/m);
  });

  it('names an --ops module it cannot import', () => {
    const r = run('--connection', 'redis://127.0.0.1:1', '--ops', './no/such/module.js');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot import --ops "\.\/no\/such\/module\.js"/);
  });

  it('refuses an unknown flag', () => {
    const r = run('--conection', 'redis://x');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/conection/);
  });
});
