/**
 * bench/recovery.ts — what robustness costs (issue 10): how fast a stuck task is stopped and the
 * pool is usable again, and what the safety checks add to graph building and wire encoding.
 *
 * - timeout: a task in `while (true) {}` with `timeout: 200` — ms from the compute's start to its
 *   rejection (the watchdog polls every timeout/10 ms), then ms until the next compute on the same
 *   pool returns (a replacement worker starts and loads its modules);
 * - abort: the same task aborted 100 ms in — ms from `abort()` to the rejection, then the next
 *   compute;
 * - graphFromSpec on a 100k-task ring (the cycle is found and reported) versus a 100k chain;
 * - encodeWire (escaping, depth and clonability checks) on 1M numbers and on 100k small objects.
 *
 *     npx tsx bench/recovery.ts [--repeat 3]
 */
import { call, graphFromSpec, ref } from 'dusk-graph';
import { encodeWire } from 'dusk-graph/internal';
import { compute, createPool, delayed } from 'dusk-scheduler';
import { fmt, now, printTable, report } from './lib.ts';
import { recoveryOps } from './recovery-ops.ts';

const r = process.argv.indexOf('--repeat');
const repeat = r >= 0 ? Number(process.argv[r + 1]) : 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function stuckThenNext(pool: ReturnType<typeof createPool>, stop: 'timeout' | 'abort'): Promise<{ stop: number; next: number }> {
  const ac = new AbortController();
  const t0 = now();
  let aborted = 0;
  if (stop === 'abort') setTimeout(() => ((aborted = now()), ac.abort()), 100);
  const opts = stop === 'timeout' ? { pool, timeout: 200 } : { pool, signal: ac.signal };
  await compute(delayed(recoveryOps.spinForever)(), opts).then(
    () => {
      throw new Error('the stuck compute returned');
    },
    () => undefined,
  );
  const t1 = now();
  await compute(delayed(recoveryOps.inc)(1), { pool, inlineBelowUs: 0 });
  return { stop: stop === 'timeout' ? t1 - t0 : t1 - aborted, next: now() - t1 };
}

const rows: Record<string, string | number>[] = [];
const results: Record<string, unknown> = {};
{
  await using pool = createPool({ workers: 2 });
  await compute(delayed(recoveryOps.inc)(0), { pool, inlineBelowUs: 0 });
  for (const stop of ['timeout', 'abort'] as const) {
    const runs: { stop: number; next: number }[] = [];
    for (let i = 0; i < repeat; i++) runs.push(await stuckThenNext(pool, stop));
    const s = median(runs.map((x) => x.stop)), n = median(runs.map((x) => x.next));
    rows.push({ measure: stop === 'timeout' ? 'timeout 200 ms: start → rejection' : 'abort: abort() → rejection', ms: fmt(s) });
    rows.push({ measure: `  then the next compute on the pool`, ms: fmt(n) });
    results[stop] = { stopMs: s, nextMs: n };
  }
}

function specRing(n: number, closed: boolean): Record<string, unknown> {
  const inc = (x: number) => x + 1;
  const spec: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) spec[`k${i}`] = !closed && i === n - 1 ? 0 : call(inc, ref(`k${(i + 1) % n}`));
  return spec;
}
for (const closed of [true, false]) {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const spec = specRing(100_000, closed);
    const t = now();
    try {
      graphFromSpec(spec);
    } catch {
      // the ring's cycle error is the expected outcome
    }
    times.push(now() - t);
  }
  rows.push({ measure: `graphFromSpec, 100k ${closed ? 'ring (cycle found)' : 'chain (acyclic)'}`, ms: fmt(median(times)) });
  results[closed ? 'specCycle100k' : 'specChain100k'] = median(times);
}

const nums = Array.from({ length: 1_000_000 }, (_, i) => i);
const objs = Array.from({ length: 100_000 }, (_, i) => ({ a: i, b: 'x', c: [i] }));
for (const [name, v] of [['encodeWire, 1M numbers', nums], ['encodeWire, 100k small objects', objs]] as const) {
  const times: number[] = [];
  for (let i = 0; i < repeat + 2; i++) {
    const t = now();
    encodeWire(v);
    times.push(now() - t);
  }
  rows.push({ measure: name, ms: fmt(Math.min(...times)) });
  results[name.includes('numbers') ? 'encodeNumbers1M' : 'encodeObjects100k'] = Math.min(...times);
}

printTable(rows);
report('recovery', { unit: 'ms', repeat, results });
