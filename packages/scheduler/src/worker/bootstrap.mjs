/**
 * Worker bootstrap: the file piscina loads in every pool thread.
 *
 * It is plain JavaScript on purpose. Under tsx, Node 20 does not apply the parent's ESM loader
 * hooks inside worker threads, and under vitest the parent has no Node loader at all (vite
 * transforms modules in-process), so a worker cannot import `.ts` by itself (DESIGN.md §3). This
 * file first registers tsx's loader for this thread (`register()` from `tsx/esm/api`), then
 * imports the TypeScript handler; from then on the worker can import `.ts` op modules (and plain
 * `.js`/`.mjs` ones) by URL, whatever loaded the main thread — verified under tsx and vitest by
 * test/scheduler. If tsx is not installed the import of the handler is attempted anyway, which
 * works only where the runtime itself loads TypeScript.
 */
try {
  const { register } = await import('tsx/esm/api');
  register();
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
}
const { default: runBatch } = await import('./handler.ts');
export default runBatch;
