/**
 * `writeFileAtomic(path, data)`: write to a temporary file next to `path`, then rename it into
 * place. Readers see the old file or the complete new one, never a partial write; on failure the
 * temporary file is removed.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * A temporary path in the same directory as `path` (so the final rename cannot cross devices),
 * unique per process, thread and call.
 */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
