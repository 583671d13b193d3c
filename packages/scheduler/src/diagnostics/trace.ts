/**
 * Chrome trace-event JSON (the format chrome://tracing and https://ui.perfetto.dev open) from
 * profiler records: one complete event (`ph: 'X'`) per task on a track per thread — `main` and
 * `worker <threadId>`, under a process track `worker <host>:<pid>` for tasks of worker processes
 * (`distributed`) — and, when resource samples are given, counter tracks (`ph: 'C'`) for
 * memory (MB) and CPU (% of one core). Timestamps are microseconds since the first event.
 */
import type { TaskRecord } from './profiler.ts';
import type { ResourceSample } from './resource.ts';

export interface TraceEvent {
  name: string;
  ph: 'X' | 'C' | 'M';
  ts?: number;
  dur?: number;
  pid: number;
  tid?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTraceOptions {
  /** Resource samples to add as counter tracks. */
  resources?: readonly ResourceSample[];
}

const MB = 1024 * 1024;

export function chromeTrace(records: readonly TaskRecord[], options: ChromeTraceOptions = {}): { traceEvents: TraceEvent[]; displayTimeUnit: 'ms' } {
  const samples = options.resources ?? [];
  let origin = Infinity;
  for (const r of records) origin = Math.min(origin, r.start);
  for (const s of samples) origin = Math.min(origin, s.time);
  if (!Number.isFinite(origin)) origin = 0;
  const us = (t: number) => Math.round((t - origin) * 1000);
  const events: TraceEvent[] = [{ name: 'process_name', ph: 'M', pid: 1, args: { name: 'dusk' } }];
  // Tasks of worker processes (`distributed`) go on a process track of their own, named host:pid.
  const procOf = (r: TaskRecord) => r.pid ?? 1;
  const remote = new Map<number, string>();
  for (const r of records) if (r.pid !== undefined) remote.set(r.pid, `${r.host ?? ''}:${r.pid}`);
  for (const [pid, name] of remote) events.push({ name: 'process_name', ph: 'M', pid, args: { name: `worker ${name}` } });
  const threads = [...new Map(records.map((r) => [`${procOf(r)}/${r.thread}`, r] as const)).values()].sort((a, b) => procOf(a) - procOf(b) || a.thread - b.thread);
  for (const r of threads) {
    const t = r.thread, pid = procOf(r);
    events.push({ name: 'thread_name', ph: 'M', pid, tid: t, args: { name: t === 0 && pid === 1 ? 'main' : `worker ${t}` } });
    events.push({ name: 'thread_sort_index', ph: 'M', pid, tid: t, args: { sort_index: t } });
  }
  for (const r of records) {
    const args: Record<string, unknown> = { key: r.key };
    if (r.bytes >= 0) args.bytes = r.bytes;
    events.push({ name: r.name, cat: 'task', ph: 'X', ts: us(r.start), dur: Math.max(0, us(r.end) - us(r.start)), pid: procOf(r), tid: r.thread, args });
  }
  for (const s of samples) {
    events.push({ name: 'memory (MB)', ph: 'C', ts: us(s.time), pid: 1, args: { rss: s.rss / MB, heapUsed: s.heapUsed / MB, external: s.external / MB, arrayBuffers: s.arrayBuffers / MB } });
    events.push({ name: 'cpu (%)', ph: 'C', ts: us(s.time), pid: 1, args: { cpu: s.cpu } });
  }
  return { traceEvents: events, displayTimeUnit: 'ms' };
}
