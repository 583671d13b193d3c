/** Parity adapters for `skimage.util` dtype conversions. */
import { registerParityAdapters } from '../adapter.ts';
import { imgAsFloat, imgAsUbyte } from '../../util/convert.ts';

registerParityAdapters({
  'util.img_as_ubyte': ([x]) => imgAsUbyte(x!),
  'util.img_as_float': ([x]) => imgAsFloat(x!),
});
