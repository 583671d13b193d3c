/**
 * Golden cases of one op family from the shipped fixture manifests, for `it.each`:
 * `[id, fixture dir, case]` rows, run with the parity runner's `runCase`.
 */
import { readFileSync } from 'node:fs';
import type { ParityCase } from 'dusk-image-ops/testing';

const FIXTURES = ['test/fixtures/skimage', 'test/fixtures/features'];

export function cases(prefix: string): [string, string, ParityCase][] {
  return FIXTURES.flatMap((dir) => {
    const m = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as { cases: ParityCase[] };
    return m.cases.filter((c) => c.op.startsWith(prefix)).map((c): [string, string, ParityCase] => [c.id, dir, c]);
  });
}
