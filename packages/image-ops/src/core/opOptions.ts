/**
 * Declared option schemas: each op states the zod schema of its options object, so code that
 * passes options on to an op (`mapBlocks`, `mapOverlap`) can reject a misspelled key when the
 * graph is built, not when the first block runs (or, worse, never: a typo would silently leave
 * an option at its default).
 *
 * - `declareOptions(op, schema)` records `op`'s schema (the same strict schema its own
 *   `parseOptions` call uses; `defineOp` calls it); an op that takes no options declares
 *   `NO_OPTIONS`.
 * - `checkOpOptions(where, op, params, own)` parses `params` with that schema and throws a
 *   TypeError naming an unknown key, the keys the caller itself accepts (`own`) and the op's. Ops
 *   that declared nothing (the user's own functions) accept any keys.
 *
 * State: a WeakMap from op function to its schema.
 */
import { z } from 'zod';
import { formatIssues } from 'dusk-graph/internal';

const schemas = new WeakMap<Function, z.ZodType>();

/** The schema of an op that takes no options. */
export const NO_OPTIONS = z.strictObject({});

/** Record that `op`'s options object is checked by `schema`; returns `op`. */
export function declareOptions<F extends Function>(op: F, schema: z.ZodType): F {
  schemas.set(op, schema);
  return op;
}

/** The declared options schema of `op`, if any. */
export function optionsSchemaOf(op: Function): z.ZodType | undefined {
  return schemas.get(op);
}

/** The keys a strict object schema accepts (empty when it is not an object schema). */
function keysOf(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * Check `params` (the options left over after the caller took its `own` keys) against `op`'s
 * declared schema. An unknown key is named with both lists of keys; other problems are reported
 * as the op itself would.
 */
export function checkOpOptions(where: string, op: Function, params: Record<string, unknown>, own: readonly string[]): void {
  const schema = schemas.get(op);
  if (!schema) return;
  const r = schema.safeParse(params, { reportInput: true });
  if (r.success) return;
  const name = op.name || 'op';
  for (const issue of r.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const opKeys = keysOf(schema);
      throw new TypeError(
        `${where}: option '${issue.keys[0]}' is neither a ${where} option (${own.join(', ')}) nor an option of '${name}'` +
          ` (${opKeys.length ? opKeys.join(', ') : 'it takes none'})`,
      );
    }
  }
  throw new TypeError(formatIssues(`${where}(${name})`, r.error.issues));
}
