/**
 * Parity adapters for the analysis ops: color, util.view_as_windows, exposure, restoration,
 * feature and measure. Fixture params arrive camelCased; scikit-image's tuple params arrive as
 * arrays, which is what dusk's options take.
 */
import { registerParityAdapters, type ParityParams } from '../adapter.ts';
import type { NDArray } from '../../ndarray/ndarray.ts';
import * as color from '../../color/index.ts';
import * as exposure from '../../exposure/index.ts';
import * as feature from '../../feature/index.ts';
import * as measure from '../../measure/index.ts';
import * as restoration from '../../restoration/index.ts';
import * as util from '../../util/index.ts';

const opts = <T>(p: ParityParams) => p as unknown as T;

registerParityAdapters({
  'color.rgb2gray': ([x], p) => color.rgb2gray(x!, opts(p)),
  'util.view_as_windows': ([x], p) => util.viewAsWindows(x as NDArray, opts(p)),
  'exposure.equalize_hist': ([x], p) => exposure.equalizeHist(x!, opts(p)),
  'restoration.denoise_tv_chambolle': ([x], p) => restoration.denoiseTvChambolle(x!, opts(p)),
  'feature.hog': ([x], p) => feature.hog(x!, opts({ ...p, visualize: false })),
  'feature.hog:image': ([x], p) => feature.hog(x!, opts({ ...p, visualize: true }))[1],
  'measure.label': ([x], p) => measure.label(x!, opts({ ...p, returnNum: false })),
  'feature.canny': ([x], p) => feature.canny(x!, opts(p)),
  'feature.blob_log': { run: ([x], p) => feature.blobLog(x!, opts(p)), compare: 'unordered-rows' },
});
