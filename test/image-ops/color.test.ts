import { describe, expect, it } from 'vitest';
import { opRef } from 'dusk-graph/internal';
import { color, fromArray, NDArray, zeros } from 'dusk-image-ops';

describe('color.rgb2gray', () => {
  it('weighs R, G, B by 0.2125, 0.7154, 0.0721 after scaling uint8 to [0, 1]', () => {
    const rgb = fromArray([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]]], { dtype: 'uint8' });
    const g = color.rgb2gray(rgb);
    expect(g.dtype).toBe('float64');
    expect(g).toMatchShape([1, 4]);
    expect(g).toBeCloseToArray([0.2125, 0.7154, 0.0721, 1], { atol: 5e-16 });
  });

  it('gives uint8 pixels exactly (r·(1/255))·0.2125 + (g·(1/255))·0.7154 + (b·(1/255))·0.0721, for every length and byte offset', () => {
    const bytes = new Uint8Array(3 * 61 + 5);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 97 + 13) & 255;
    const k = 1 / 255;
    for (const offset of [0, 1, 2, 3, 4, 5]) {
      for (const pixels of [1, 3, 4, 7, 60]) {
        const data = bytes.subarray(offset, offset + 3 * pixels);
        const v = color.rgb2gray(new NDArray(data, [pixels, 3], { dtype: 'uint8' })).values();
        const expected = Array.from({ length: pixels }, (_, p) => data[3 * p]! * k * 0.2125 + data[3 * p + 1]! * k * 0.7154 + data[3 * p + 2]! * k * 0.0721);
        expect(Array.from(v)).toEqual(expected);
      }
    }
  });

  it('reads a strided channel axis (channelAxis 0) like the same image with channels last', () => {
    const last = zeros([5, 7, 3], { dtype: 'uint8' });
    for (let i = 0; i < last.size; i++) last.data[i] = (i * 31 + 7) & 255;
    const first = zeros([3, 5, 7], { dtype: 'uint8' });
    for (let c = 0; c < 3; c++) for (let y = 0; y < 5; y++) for (let x = 0; x < 7; x++) first.set([c, y, x], last.get(y, x, c));
    expect(color.rgb2gray(first, { channelAxis: 0 })).toEqualArray(color.rgb2gray(last));
  });

  it('keeps float32 input as float32', () => {
    const g = color.rgb2gray(zeros([2, 3, 3], { dtype: 'float32' }));
    expect(g.dtype).toBe('float32');
    expect(g).toMatchShape([2, 3]);
  });

  it('removes the channel axis given by channelAxis', () => {
    const rgb = zeros([3, 4, 5]);
    rgb.data.fill(0.5);
    const g = color.rgb2gray(rgb, { channelAxis: 0 });
    expect(g).toMatchShape([4, 5]);
    expect(g.get(3, 4)).toBeCloseTo(0.5, 15);
  });

  it('rejects RGBA images and images without three channels, naming channelAxis', () => {
    expect(() => color.rgb2gray(zeros([4, 5, 4]))).toThrow(/rgb2gray: .*size 3 along channelAxis -1.*\[4, 5, 4\]/);
    expect(() => color.rgb2gray(zeros([4, 5]))).toThrow(/size 3/);
    expect(() => color.rgb2gray(zeros([4, 5, 3]), { channelAxis: 3 })).toThrow(/option 'channelAxis'.*received 3/);
  });

  it('rejects misspelled options', () => {
    expect(() => color.rgb2gray(zeros([2, 2, 3]), { channelaxis: 0 } as never)).toThrow(/rgb2gray:.*channelaxis/);
  });

  it('is registered to run on worker threads', () => {
    expect(opRef(color.rgb2gray)?.name).toBe('rgb2gray');
    expect(opRef(color.gray2rgb)?.name).toBe('gray2rgb');
  });
});

describe('color.gray2rgb', () => {
  it('stacks three copies along a new last axis, keeping the dtype', () => {
    const g = fromArray([[1, 2], [3, 4]], { dtype: 'uint8' });
    const rgb = color.gray2rgb(g);
    expect(rgb.dtype).toBe('uint8');
    expect(rgb).toMatchShape([2, 2, 3]);
    expect(rgb.toArray()).toEqual([[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]]]);
  });

  it('puts the channels at channelAxis', () => {
    const rgb = color.gray2rgb(fromArray([[1, 2], [3, 4]]), { channelAxis: 0 });
    expect(rgb).toMatchShape([3, 2, 2]);
    expect(rgb.toArray()).toEqual([[[1, 2], [3, 4]], [[1, 2], [3, 4]], [[1, 2], [3, 4]]]);
  });
});
