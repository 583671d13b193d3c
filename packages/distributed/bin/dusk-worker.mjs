#!/usr/bin/env node
/**
 * `dusk-worker`: see src/worker/cli.ts. Plain JavaScript so it starts under plain Node: it
 * registers tsx's loader when tsx is installed (op modules may be TypeScript) and names it in
 * DUSK_WORKER_TSX, so the threads of its pool register the same tsx (dusk-scheduler's
 * worker/loader.ts: Node 20 does not carry this thread's loader into them), then runs the
 * built CLI (dist/), or the TypeScript source in a checkout where nothing is built or when
 * DUSK_WORKER_FROM_SOURCE=1 (start Node with `--conditions=dusk-source` there, so sibling
 * packages resolve to their sources too).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

try {
  const api = import.meta.resolve('tsx/esm/api');
  const { register } = await import(api);
  register();
  process.env.DUSK_WORKER_TSX = api;
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
}
const built = new URL('../dist/worker/cli.js', import.meta.url);
const source = new URL('../src/worker/cli.ts', import.meta.url);
// LocalCluster running from the sources asks for the sources (a stale dist/ must not answer).
const fromSource = process.env.DUSK_WORKER_FROM_SOURCE === '1' || !existsSync(fileURLToPath(built));
await import(fromSource ? source.href : built.href);
