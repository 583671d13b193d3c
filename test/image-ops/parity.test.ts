/**
 * Parity with scikit-image, proven by running the fixture manifests: the shipped goldens (seed 0),
 * a second generator seed (other shapes and params), the analysis-op extras, the dtype cases and
 * the filters extras (axes, masks, dtypes, n-D, methods). Every case must pass, and the CLI must
 * report it the way `npm run parity` documents.
 *
 * This suite is the one owner of parity runs: the op suites (filters, color, feature, ...) test
 * what golden outputs cannot show (dtypes kept, errors, views, registration) and never rerun a
 * manifest case.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatResult, runManifest } from 'dusk-image-ops/testing';
import { manifestCases, PARITY_MANIFESTS } from '../helpers/manifests.ts';

const root = join(import.meta.dirname, '..', '..');
const manifests = PARITY_MANIFESTS;

describe('parity with scikit-image', () => {
  for (const m of manifests) {
    it(`passes every case of ${m.split('/').slice(-2).join('/')}`, async () => {
      const results = await runManifest(m);
      expect(results.length).toBeGreaterThan(10);
      expect(results.filter((r) => !r.pass).map(formatResult)).toEqual([]);
    });
  }

  it('prints one line per case and a summary through npm run parity, failing on unknown ops', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dusk-parity-'));
    copyFileSync(join(root, 'test/fixtures/skimage/otsu-u8.in0.npy'), join(dir, 'in.npy'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
      cases: [
        { id: 'ok', op: 'filters.threshold_otsu', inputs: ['in.npy'], params: { nbins: 256 }, atol: 0, rtol: 0, value: 125 },
        { id: 'wrong', op: 'filters.threshold_otsu', inputs: ['in.npy'], params: { nbins: 256 }, atol: 0, rtol: 0, value: 99 },
        { id: 'unknown', op: 'filters.frangi', inputs: ['in.npy'], params: {}, atol: 0, rtol: 0, value: 1 },
      ],
    }));
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'packages/image-ops/src/parity/cli.ts'), join(dir, 'manifest.json')], { encoding: 'utf8', cwd: root });
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^PASS\s+ok\s+max_abs_err=0\.00e\+0/);
    expect(lines[1]).toMatch(/^FAIL\s+wrong\s+max_abs_err=2\.60e\+1/);
    expect(lines[2]).toMatch(/^FAIL\s+unknown .*unknown op 'filters\.frangi'/);
    expect(lines[3]).toBe('1 passed, 2 failed');
    expect(r.status).toBe(1);
    const ok = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'packages/image-ops/src/parity/cli.ts'), manifests[0]!], { encoding: 'utf8', cwd: root });
    const count = manifestCases(manifests[0]!).length;
    expect(ok.trim().split('\n').pop()).toBe(`${count} passed, 0 failed`);
  });
});
