/**
 * Worker bootstrap: the file piscina loads in every pool thread.
 *
 * It is plain JavaScript on purpose: it must load before any TypeScript loader exists in this
 * thread (under tsx, Node 20 does not apply the parent's loader hooks inside worker threads; under
 * vitest the parent has no Node loader at all — DESIGN.md §3). It registers the TypeScript loader
 * the main thread chose (`loader.ts`, passed as piscina's `workerData`: tsx's `esm/api` URL, or
 * null for plain Node), then imports the handler. The build compiles this file to `dist/` too,
 * where `./handler.ts` becomes `./handler.js`; from the sources the handler is TypeScript, loaded
 * by the repository's tsx.
 *
 * A failure here (the loader cannot be registered, the handler does not load) is thrown with
 * code DUSK_WORKER_START_FAILED (`loader.ts`: WORKER_START_FAILED) and the loader named: piscina
 * rejects the batch sent to this worker with it, and the run fails with the reason at once
 * (`executors/crash.ts`) instead of waiting for replacement workers that fail the same way.
 */
import { workerData } from 'node:worker_threads';

const tsx = workerData?.tsx ?? null;
let handle;
try {
  if (tsx !== null) {
    const { register } = await import(tsx);
    register();
  }
  ({ default: handle } = await import('./handler.ts'));
} catch (e) {
  const loader = tsx === null ? 'no TypeScript loader' : `the TypeScript loader tsx from ${tsx}`;
  const err = new Error(`dusk worker could not start (with ${loader}): ${e?.message ?? e}`, { cause: e });
  err.code = 'DUSK_WORKER_START_FAILED';
  throw err;
}
export default handle;
