/**
 * Every op defined with `defineOp` is complete: it has a footprint, a parity adapter (derived
 * from its name or declared as an exception) and at least one scikit-image fixture case, and the
 * `@default` tags of its options' TSDoc say what its zod schema does (the schema being the only
 * place a default is set).
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { io } from 'dusk-image-ops';
import { camelCaseKeys, definedOps, footprintOf, optionsSchemaOf, parityAdapter, snakeCase, type OpDefinition } from 'dusk-image-ops/testing';
import { manifestCases, PARITY_MANIFESTS } from '../helpers/manifests.ts';

const fixtures = PARITY_MANIFESTS.flatMap((path) => manifestCases(path).map((c) => ({ dir: dirname(path), c })));

/** The cases of an op: its own name, `name:output` variants, or mapped over chunks. */
const casesOf = (skimageName: string) =>
  fixtures.filter(({ c }) => c.op === skimageName || c.op.startsWith(`${skimageName}:`) || c.op.endsWith(`:${skimageName}`));

function shapeOf(dir: string, file: string): number[] {
  const bytes = new Uint8Array(readFileSync(`${dir}/${file}`));
  return [...io.parseNpyHeader(bytes, file).shape];
}

/** `@default X` tags before an option `key?:` in the op file's TSDoc, keyed by option name. */
function defaultTags(moduleUrl: string): Map<string, string> {
  const src = readFileSync(fileURLToPath(moduleUrl), 'utf8');
  const tags = new Map<string, string>();
  for (const m of src.matchAll(/@default ([^\n*]+?)\s*\*\/\s*(?:readonly )?(\w+)\?:/g)) tags.set(m[2]!, m[1]!);
  return tags;
}

/** A tag's value as a JS value, or `prose` when it is a description ("full 3^ndim box"). */
function tagValue(tag: string): unknown {
  if (tag === 'undefined') return undefined;
  try {
    return JSON.parse(tag.replace(/'/g, '"'));
  } catch {
    return 'prose';
  }
}

describe('the op registry', () => {
  it('hands footprint callbacks read-only parsed options: writing to them does not type-check, and would throw', () => {
    const schema = z.strictObject({ sigma: z.array(z.number()).default([1]) });
    const footprint: OpDefinition<(x: unknown) => unknown, typeof schema>['footprint'] = (o, shape) => {
      // @ts-expect-error: equal option values share one deeply frozen parse
      o.sigma[0] = 2;
      return shape.map(() => o.sigma[0]!);
    };
    expect(() => footprint(Object.freeze({ sigma: Object.freeze([3]) }), [4, 4])).toThrow(TypeError);
  });

  const ops = definedOps();

  it('lists every family of scikit-image ops, each op once', () => {
    expect(new Set(ops.map((o) => o.family))).toEqual(new Set(['filters', 'color', 'util', 'exposure', 'restoration', 'feature', 'measure']));
    expect(new Set(ops.map((o) => o.skimageName)).size).toBe(ops.length);
    expect(snakeCase('denoiseTvChambolle')).toBe('denoise_tv_chambolle');
  });

  it.each(ops.map((o) => [o.skimageName, o] as const))('gives %s a parity adapter, a fixture case and a footprint for that case', (_n, op) => {
    expect(parityAdapter(op.skimageName)).toBeDefined();
    const found = casesOf(op.skimageName);
    expect(found.length).toBeGreaterThan(0);
    const { dir, c } = found[0]!;
    const { chunks: _c, depth: _d, boundary: _b, ...params } = camelCaseKeys(c.params);
    expect(footprintOf(op.fn, params, shapeOf(dir, c.inputs[0]!))).toBeDefined();
  });

  it.each(ops.map((o) => [o.skimageName, o] as const))('documents the defaults of %s as its schema sets them', (_n, op) => {
    const schema = optionsSchemaOf(op.fn);
    expect(schema).toBeInstanceOf(z.ZodObject);
    const tags = defaultTags(op.moduleUrl);
    for (const [key, field] of Object.entries((schema as z.ZodObject).shape)) {
      const tag = tags.get(key);
      if (field instanceof z.ZodDefault) {
        expect(tag, `${op.name}: option '${key}' has a default but no @default tag`).toBeDefined();
        const value = tagValue(tag!);
        // A null default is resolved by the op; its tag may say to what ("20% of the float range").
        if (!(value === 'prose' && field.def.defaultValue === null)) expect(value, `${op.name}: option '${key}'`).toEqual(field.def.defaultValue);
      } else if (tag !== undefined) {
        expect(['prose', undefined], `${op.name}: option '${key}' has no default in its schema, its tag says ${tag}`).toContain(tagValue(tag));
      }
    }
  });
});
