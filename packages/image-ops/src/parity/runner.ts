/**
 * The parity runner: run every case of a fixture manifest with dusk's ops and compare.
 *
 * A manifest (see `test/fixtures/README.md`) lists cases `{ id, op, inputs, params, atol, rtol,
 * output | value, note? }`. A case whose op has no adapter, whose op throws, or whose result
 * differs beyond tolerance fails; the runner itself never throws for a bad case.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseNpy } from '../io/npy.ts';
import { camelCaseKeys, parityAdapter } from './adapter.ts';
import './adapters/index.ts';
import { compareArray, compareScalar, type Comparison } from './compare.ts';

export interface ParityCase {
  id: string;
  op: string;
  inputs: string[];
  params: Record<string, unknown>;
  atol: number;
  rtol: number;
  output?: string;
  value?: number;
  note?: string;
}

export interface CaseResult extends Comparison {
  id: string;
  op: string;
}

async function loadNpy(dir: string, file: string) {
  const path = resolve(dir, file);
  return parseNpy(new Uint8Array(await readFile(path)), path);
}

export async function runCase(dir: string, c: ParityCase): Promise<CaseResult> {
  const base = { id: c.id, op: c.op };
  const adapter = parityAdapter(c.op);
  if (!adapter) return { ...base, pass: false, maxAbsError: NaN, reason: `unknown op '${c.op}'` };
  try {
    const inputs = await Promise.all(c.inputs.map((f) => loadNpy(dir, f)));
    const actual = await adapter.run(inputs, camelCaseKeys(c.params));
    if (c.output !== undefined) {
      return { ...base, ...compareArray(actual, await loadNpy(dir, c.output), c.atol, c.rtol, adapter.compare) };
    }
    if (typeof c.value === 'number') return { ...base, ...compareScalar(actual, c.value, c.atol, c.rtol) };
    return { ...base, pass: false, maxAbsError: NaN, reason: 'case has neither output nor value' };
  } catch (err) {
    return { ...base, pass: false, maxAbsError: NaN, reason: `threw ${(err as Error).message}` };
  }
}

export async function runManifest(manifestPath: string): Promise<CaseResult[]> {
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { cases?: ParityCase[] };
  if (!Array.isArray(manifest.cases)) throw new Error(`runManifest: ${manifestPath} has no "cases" array`);
  const dir = dirname(resolve(manifestPath));
  const results: CaseResult[] = [];
  for (const c of manifest.cases) results.push(await runCase(dir, c));
  return results;
}

export function formatResult(r: CaseResult): string {
  const err = Number.isNaN(r.maxAbsError) ? '-' : r.maxAbsError.toExponential(2);
  return `${r.pass ? 'PASS' : 'FAIL'}  ${r.id.padEnd(32)} max_abs_err=${err}${r.reason ? `  (${r.reason})` : ''}`;
}
