#!/usr/bin/env node
/**
 * `dusk-worker`: see src/worker/cli.ts. Plain JavaScript so it starts under plain Node: it
 * registers tsx's loader when tsx is installed (op modules may be TypeScript), then runs the
 * built CLI (dist/), or the TypeScript source in a checkout where nothing is built (start Node
 * with `--conditions=dusk-source` there, so sibling packages resolve to their sources too).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

try {
  const { register } = await import('tsx/esm/api');
  register();
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
}
const built = new URL('../dist/worker/cli.js', import.meta.url);
await import(existsSync(fileURLToPath(built)) ? built.href : new URL('../src/worker/cli.ts', import.meta.url).href);
