/**
 * The diagnostics' options are strict like every other options object: a misspelled key or a
 * value of the wrong type is a TypeError naming the class, the field, what was expected and what
 * was received — never silently ignored.
 */
import { describe, expect, it } from 'vitest';
import { Profiler, ProgressBar, ResourceProfiler } from 'dusk-scheduler';

describe('diagnostics options', () => {
  it('Profiler rejects an unknown option, naming itself and the key', () => {
    expect(() => new Profiler({ foo: 1 } as never)).toThrow(/^Profiler: options Unrecognized key: "foo"/);
  });

  it('Profiler names the expected type of bytes', () => {
    expect(() => new Profiler({ bytes: 'yes' } as never)).toThrow(/^Profiler: option 'bytes' .*expected boolean.*\(received "yes"\)/);
  });

  it('Profiler rejects options that are not an object', () => {
    expect(() => new Profiler(5 as never)).toThrow(/^Profiler: options .*expected object/);
  });

  it('ProgressBar rejects an unknown option, naming itself and the key', () => {
    expect(() => new ProgressBar({ bogus: 1 } as never)).toThrow(/^ProgressBar: options Unrecognized key: "bogus"/);
  });

  it('ResourceProfiler rejects an unknown option, naming itself and the key', () => {
    expect(() => new ResourceProfiler({ dtt: 5 } as never)).toThrow(/^ResourceProfiler: options Unrecognized key: "dtt"/);
  });

  it('ResourceProfiler rejects an infinite dt, naming the class and the field', () => {
    expect(() => new ResourceProfiler({ dt: Infinity })).toThrow(/^ResourceProfiler: option 'dt'/);
  });

  it('defaults still apply when no options are given', () => {
    expect(new Profiler().measureBytes).toBe(true);
    expect(new Profiler({ bytes: false }).measureBytes).toBe(false);
    expect(new ResourceProfiler().dt).toBe(100);
  });
});
