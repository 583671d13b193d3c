/**
 * Parity adapters for the analysis ops: color, util.view_as_windows, exposure, restoration,
 * feature and measure. Fixture params arrive camelCased; scikit-image's tuple params arrive as
 * arrays, which is what dusk's options take. A second input, where present, is the op's `mask`.
 * Ops returning several arrays get one adapter per output (`feature.hog:image`,
 * `exposure.histogram:centers`).
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
const withMask = (p: ParityParams, mask: NDArray | undefined) => (mask ? { ...p, mask } : p);

registerParityAdapters({
  'color.rgb2gray': ([x], p) => color.rgb2gray(x!, opts(p)),
  'color.gray2rgb': ([x], p) => color.gray2rgb(x!, opts(p)),
  'util.view_as_windows': ([x], p) => util.viewAsWindows(x as NDArray, opts(p)),
  'exposure.equalize_hist': ([x, mask], p) => exposure.equalizeHist(x!, opts(withMask(p, mask))),
  'exposure.histogram': ([x], p) => exposure.histogram(x!, opts(p))[0],
  'exposure.histogram:centers': ([x], p) => exposure.histogram(x!, opts(p))[1],
  'exposure.cumulative_distribution': ([x], p) => exposure.cumulativeDistribution(x!, opts(p))[0],
  'exposure.rescale_intensity': ([x], p) => exposure.rescaleIntensity(x!, opts(p)),
  'restoration.denoise_tv_chambolle': ([x], p) => restoration.denoiseTvChambolle(x!, opts(p)),
  'feature.hog': ([x], p) => feature.hog(x!, opts({ ...p, visualize: false })),
  'feature.hog:image': ([x], p) => feature.hog(x!, opts({ ...p, visualize: true }))[1],
  'feature.canny': ([x, mask], p) => feature.canny(x!, opts(withMask(p, mask))),
  'feature.blob_log': { run: ([x], p) => feature.blobLog(x!, opts(p)), compare: 'unordered-rows' },
  'measure.label': ([x], p) => measure.label(x!, opts({ ...p, returnNum: false })),
});
