/**
 * Large results on a shared filesystem instead of in Redis (options `sharedDir` on the client,
 * `--shared-dir` on workers: the same directory, e.g. an NFS mount, possibly at different paths
 * on each machine).
 *
 * A worker started with a shared directory writes a result above the run's `sharedAboveBytes`
 * to `<dir>/<runId>/<serial>-<j>.bin` (atomically: readers never see a partial file) and replies
 * with a `RemoteRef` holding that *relative* path; every reader joins it with its own mount point.
 * A relative path is accepted only in exactly that shape, under the reader's own run, so a job
 * cannot make a worker read or write anywhere else. The client deletes a file when the scheduler
 * releases the result, and the run's directory when the run ends.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from 'dusk-graph/internal';

const REL = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/\d+-\d+\.bin$/;

export class SharedStore {
  constructor(readonly root: string) {}

  static relPath(runId: string, serial: number, j: number): string {
    return `${runId}/${serial}-${j}.bin`;
  }

  /** The absolute path of `rel`, which must lie under `runId`'s directory. */
  pathOf(rel: string, runId: string): string {
    const m = REL.exec(rel);
    if (!m || m[1] !== runId) throw new Error(`shared file ${JSON.stringify(rel)} is not one of run ${runId}'s`);
    return join(this.root, rel);
  }

  async write(rel: string, runId: string, data: Uint8Array): Promise<void> {
    await mkdir(join(this.root, runId), { recursive: true });
    await writeFileAtomic(this.pathOf(rel, runId), data);
  }

  async read(rel: string, runId: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(rel, runId));
    } catch (e) {
      throw new Error(`shared file ${join(this.root, rel)} cannot be read (is ${this.root} the same shared directory everywhere?): ${(e as Error).message}`, { cause: e });
    }
  }

  remove(rel: string, runId: string): Promise<void> {
    return rm(this.pathOf(rel, runId), { force: true });
  }

  removeRun(runId: string): Promise<void> {
    return rm(join(this.root, runId), { recursive: true, force: true });
  }
}
