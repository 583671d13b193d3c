/**
 * Tests use the packages as their users do: by name (`dusk-image-ops`), or through a package's
 * `testing` subpath for the internals a test checks on its own (`dusk-image-ops/testing`,
 * `dusk-scheduler/testing`) — never a path into another package's `src/`, which would bypass its
 * exports and let a test pass against code the published package does not offer.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const SOURCE_IMPORT = /(?:\bfrom\s+|\bimport\s*\(?\s*)['"](?:\.\.\/)+packages\/[\w-]+\/src\//;

describe('test imports', () => {
  it('never reach into a package\'s src/ folder', () => {
    const files = execFileSync('git', ['ls-files', 'test/*.ts', 'test/*.mts', 'test/*.mjs'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    const offending: string[] = [];
    for (const f of files) {
      if (f === 'test/test-imports.test.ts') continue; // its own examples below
      readFileSync(new URL(f, root), 'utf8').split('\n').forEach((line, i) => {
        if (SOURCE_IMPORT.test(line)) offending.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });

  it('recognises a static, a type-only and a dynamic import of a source file', () => {
    for (const line of [
      "import { runCase } from '../../packages/image-ops/src/parity/runner.ts';",
      "import type { ParityCase } from '../../../packages/image-ops/src/parity/runner.ts';",
      "const { declareFootprint } = await import('../../packages/image-ops/src/core/footprint.ts');",
      "import '../../packages/image-ops/src/parity/adapters/index.ts';",
    ]) expect(SOURCE_IMPORT.test(line), line).toBe(true);
    expect(SOURCE_IMPORT.test("import { runCase } from 'dusk-image-ops/testing';")).toBe(false);
    expect(SOURCE_IMPORT.test("join(root, 'packages/image-ops/src/parity/cli.ts')")).toBe(false);
  });
});
