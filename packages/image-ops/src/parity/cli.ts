/**
 * `npm run parity -- <manifest.json> [...]`: one line per case, then `N passed, N failed`;
 * exit code 1 when any case failed.
 */
import { formatResult, runManifest } from './runner.ts';

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: npm run parity -- <manifest.json> [more manifests...]');
  process.exit(2);
}
let passed = 0, failed = 0;
for (const p of paths) {
  for (const r of await runManifest(p)) {
    console.log(formatResult(r));
    if (r.pass) passed++;
    else failed++;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
