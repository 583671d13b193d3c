/**
 * Lint policy that oxlint cannot state: every comment disabling a rule (eslint- or oxlint-style) gives its
 * reason after ` -- ` on the same line, so a reader knows why the rule does not apply there.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

describe('lint directives', () => {
  it('give a reason after " -- " for every disabled rule', () => {
    const files = execFileSync('git', ['ls-files', '*.ts', '*.mts', '*.mjs', '*.js'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    const missing: string[] = [];
    for (const f of files) {
      readFileSync(new URL(f, root), 'utf8').split('\n').forEach((line, i) => {
        if (/(eslint|oxlint)-disable/.test(line) && !/(eslint|oxlint)-disable[\w-]*\s+\S+.*\s--\s+\S/.test(line)) missing.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(missing).toEqual([]);
  });
});
