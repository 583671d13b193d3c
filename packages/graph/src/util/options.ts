/**
 * Options validation at public boundaries (DESIGN.md §8): one zod schema per options object,
 * parsed once, and a failure becomes a TypeError that names where it happened, the field, what
 * was expected and what was received:
 *
 *     gaussian: option 'sigma' Too small: expected number to be >=0 (received -1)
 */
import type { z } from 'zod';

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return `function ${v.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

/** Format zod issues as one line per issue, prefixed with `where`. */
export function formatIssues(where: string, issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => {
      const field = i.path.length ? `option '${i.path.map(String).join('.')}'` : 'options';
      const received = 'input' in i ? ` (received ${show(i.input)})` : '';
      return `${where}: ${field} ${i.message}${received}`;
    })
    .join('\n');
}

/**
 * Parse `value` with `schema`, throwing a TypeError whose message names `where` and the field.
 * `undefined` is treated as `{}` so that defaults apply.
 */
export function parseOptions<S extends z.ZodType>(where: string, schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value ?? {}, { reportInput: true });
  if (r.success) return r.data;
  throw new TypeError(formatIssues(where, r.error.issues));
}
