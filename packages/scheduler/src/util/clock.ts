/**
 * The scheduler's clock: epoch milliseconds (`performance.timeOrigin + performance.now()`), the
 * time base every thread of the process shares — task start/end times, progress cells, profilers.
 * One definition for the loop, the workers and the profilers (each had its own copy).
 */
const ORIGIN = performance.timeOrigin;

/** Now, in epoch milliseconds. */
export function epochNow(): number {
  return ORIGIN + performance.now();
}
