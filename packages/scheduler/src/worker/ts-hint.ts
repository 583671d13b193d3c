/**
 * What a worker says when it cannot import a TypeScript op module (see `loader.ts` for which
 * TypeScript loader a worker has). Node's own errors name the file but not the way out, and a
 * user who ran `node app.mjs` does not know that workers import their ops by URL:
 *
 * - `ERR_UNKNOWN_FILE_EXTENSION` on a `.ts`/`.mts`/`.cts` module: workers have no TypeScript
 *   loader (plain Node before 22.18 / 23.6, not started with tsx — a loader the script registers
 *   itself, e.g. tsx's `register()`, is not seen);
 * - `ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX`: Node's type stripping met syntax it does not erase
 *   (`enum`, `namespace`, parameter properties);
 * - `ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING`: Node does not strip types under node_modules.
 *
 * Each becomes an Error naming the module and what to do (install and run with tsx, a Node that
 * strips types, or compile the module), with Node's error as `cause`. Other errors pass through.
 */
import { fileURLToPath } from 'node:url';

const TS_MODULE = /\.[cm]?ts$/;

const USE_TSX = 'start the script with tsx (`npm i -D tsx`, then `npx tsx app.ts` or `node --import tsx app.mjs`)';

function reasonFor(code: unknown): string | undefined {
  switch (code) {
    case 'ERR_UNKNOWN_FILE_EXTENSION':
      return `worker threads have no TypeScript loader here (Node ${process.version} does not strip types, the script was `
        + 'not started with tsx, and a loader registered from inside the script stays in its own thread). '
        + `To fix it, ${USE_TSX}, use Node 22.18 or newer (it strips types itself), or compile the module to JavaScript`;
    case 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX':
      return `Node's type stripping does not support its syntax (enum, namespace, parameter properties). To fix it, ${USE_TSX}, `
        + 'write erasable TypeScript only, or compile the module to JavaScript';
    case 'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING':
      return `Node does not strip types of files under node_modules. To fix it, ${USE_TSX}, or publish the module compiled to JavaScript`;
    default:
      return undefined;
  }
}

/** `error` (thrown by importing the op module `moduleUrl`) explained when it is a TypeScript-loader problem. */
export function explainImportError(moduleUrl: string, error: unknown): unknown {
  let path = moduleUrl;
  try {
    path = moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl;
  } catch {
    // keep the URL as it is
  }
  if (!TS_MODULE.test(path)) return error;
  const reason = reasonFor((error as { code?: unknown } | null)?.code);
  if (reason === undefined) return error;
  return new Error(`cannot import the TypeScript op module ${path} in a worker thread: ${reason}`, { cause: error });
}
