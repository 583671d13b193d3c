/**
 * Options validation at public boundaries (DESIGN.md §8): one zod schema per options object,
 * parsed once, and a failure becomes a TypeError that names where it happened, the field, what
 * was expected and what was received:
 *
 *     gaussian: option 'sigma' Too small: expected number to be >=0 (received -1)
 *
 * A value that fits none of a union's alternatives gets zod's bare "Invalid input" unless the
 * schema gives its own message; here that is spelled out from the alternatives
 * (`Invalid input: expected "auto", number or array`), and when one alternative got past its
 * type check (a list with a bad item), that alternative's own issues are reported instead.
 */
import type { z } from 'zod';
import { cachedOptions, storeOptions } from './options-cache.ts';

/** A received value as an error message shows it: JSON, shortened to 80 characters; `String(v)` when it has no JSON. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return `function ${v.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  try {
    // JSON.stringify is typed `string` but gives undefined for undefined, functions and symbols.
    // NaN and ±Infinity as themselves (JSON would write null).
    const s = (JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? `\u0000${x}\u0000` : x)) as string | undefined)
      ?.replace(/"\\u0000(.*?)\\u0000"/g, '$1');
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

const ZOD_UNION_MESSAGE = 'Invalid input';

/** `i` with a union's bare message explained, or replaced by the issues of the one alternative that fit its type. */
function explain(i: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (i.code !== 'invalid_union' || i.message !== ZOD_UNION_MESSAGE || i.errors.length === 0) return [i];
  const deeper = i.errors.filter((branch) => !branch.some((b) => b.path.length === 0));
  if (deeper.length === 1) return deeper[0]!.flatMap((b) => explain({ ...b, path: [...i.path, ...b.path] }));
  const expected = new Set<string>();
  for (const branch of i.errors) {
    for (const b of branch) {
      if (b.path.length !== 0) continue;
      if (b.code === 'invalid_type') expected.add(b.expected);
      else if (b.code === 'invalid_value') for (const v of b.values) expected.add(showValue(v));
    }
  }
  if (expected.size === 0) return [i];
  const list = [...expected];
  const text = list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} or ${list.at(-1)!}`;
  return [{ ...i, message: `${ZOD_UNION_MESSAGE}: expected ${text}` }];
}

/** Format zod issues as one line per issue, prefixed with `where`. */
export function formatIssues(where: string, issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .flatMap(explain)
    .map((i) => {
      const field = i.path.length ? `option '${i.path.map(String).join('.')}'` : 'options';
      const received = 'input' in i ? ` (received ${showValue(i.input)})` : '';
      return `${where}: ${field} ${i.message}${received}`;
    })
    .join('\n');
}

/**
 * Parse `value` with `schema`, throwing a TypeError whose message names `where` and the field.
 * `undefined` is treated as `{}` so that defaults apply. Options seen before (same keys and
 * primitive values, schema without user code) skip zod: the result is the earlier one, deeply
 * frozen (options-cache.ts).
 */
export function parseOptions<S extends z.ZodType>(where: string, schema: S, value: unknown): z.output<S> {
  const hit = cachedOptions(schema, value);
  if (hit !== undefined) return hit as z.output<S>;
  const r = schema.safeParse(value ?? {}, { reportInput: true });
  if (r.success) return storeOptions(schema, value, r.data);
  throw new TypeError(formatIssues(where, r.error.issues));
}
