/**
 * `parseOptions`' messages name the field, what was expected and what was received — also when
 * the value fits none of a union's alternatives, where zod itself only says "Invalid input".
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOptions } from 'dusk-graph/internal';

const schema = z.strictObject({
  size: z.union([z.literal('auto'), z.number(), z.array(z.number())]).optional(),
  mode: z.union([z.enum(['a', 'b']), z.boolean()]).optional(),
  named: z.union([z.number(), z.string()], { error: 'expected a count or a name' }).optional(),
});
const parse = (v: unknown) => () => parseOptions('demo', schema, v);

describe('parseOptions messages for unions', () => {
  it('a value that fits no alternative names every alternative it could have been', () => {
    expect(parse({ size: {} })).toThrow(`demo: option 'size' Invalid input: expected "auto", number or array (received {})`);
    expect(parse({ mode: 3 })).toThrow(`demo: option 'mode' Invalid input: expected "a", "b" or boolean (received 3)`);
  });

  it('a list with a bad item reports the item, not the union', () => {
    expect(parse({ size: [1, 'x'] })).toThrow(`demo: option 'size.1' Invalid input: expected number, received string (received "x")`);
  });

  it("a schema's own message for its union is kept", () => {
    expect(parse({ named: true })).toThrow(`demo: option 'named' expected a count or a name (received true)`);
  });

  it('shows NaN and infinities as themselves, not as JSON null', () => {
    expect(parse({ size: NaN })).toThrow(/\(received NaN\)$/);
    expect(parse({ size: [1, Infinity] })).toThrow(/\(received Infinity\)$/);
    expect(parse({ mode: [-Infinity, NaN] })).toThrow(/\(received \[-Infinity,NaN\]\)$/);
  });

  it('valid values still parse', () => {
    expect(parseOptions('demo', schema, { size: 'auto', mode: false, named: 'x' })).toEqual({ size: 'auto', mode: false, named: 'x' });
  });
});
