/** Parity adapters for `skimage.util` dtype conversions. */
import { registerParityAdapters } from '../adapter.ts';
import { imgAsBool, imgAsFloat, imgAsFloat32, imgAsFloat64, imgAsInt, imgAsUbyte, imgAsUint } from '../../util/convert.ts';

registerParityAdapters({
  'util.img_as_ubyte': ([x]) => imgAsUbyte(x!),
  'util.img_as_uint': ([x]) => imgAsUint(x!),
  'util.img_as_int': ([x]) => imgAsInt(x!),
  'util.img_as_float': ([x]) => imgAsFloat(x!),
  'util.img_as_float32': ([x]) => imgAsFloat32(x!),
  'util.img_as_float64': ([x]) => imgAsFloat64(x!),
  'util.img_as_bool': ([x]) => imgAsBool(x!),
});
