/**
 * The graphs of the overhead benchmarks (`overhead.ts`, `overhead-sync.ts`): n trivial tasks as a
 * `chain` (`inc(inc(...inc(0)))`, n deep) or `wide` (n − 1 independent `inc(i)`, then one `sum`),
 * of `worker` ops (`defineOps`) or main-thread `closure`s, and the result each must give.
 */
import { delayed, type Delayed } from 'dusk-scheduler';
import { ops } from './overhead-ops.ts';

export type Shape = 'wide' | 'chain';
export type Kind = 'worker' | 'closure';

const closureInc = (x: number) => x + 1;
const closureSum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export function build(shape: Shape, kind: Kind, n: number): Delayed<number> {
  const inc = delayed(kind === 'worker' ? ops.inc : closureInc, { name: 'inc' });
  if (shape === 'chain') {
    let x: Delayed<number> | number = 0;
    for (let i = 0; i < n; i++) x = inc(x);
    return x as Delayed<number>;
  }
  const xs = Array.from({ length: n - 1 }, (_, i) => inc(i));
  return delayed(kind === 'worker' ? ops.sum : closureSum, { name: 'sum' })(xs);
}

export const expected = (shape: Shape, n: number) => (shape === 'chain' ? n : ((n - 1) * n) / 2);
