/**
 * Parity adapters that cannot be derived from the op's name (see ../adapter.ts): ops returning
 * several arrays get one adapter per output (`feature.hog:image`, `exposure.histogram:centers`),
 * blob lists compare as unordered rows, and `label` is run without its count.
 */
import { registerParityAdapters, type ParityParams } from '../adapter.ts';
import * as exposure from '../../exposure/index.ts';
import * as feature from '../../feature/index.ts';
import * as measure from '../../measure/index.ts';

const opts = <T>(p: ParityParams) => p as unknown as T;

registerParityAdapters({
  'exposure.histogram': ([x], p) => exposure.histogram(x!, opts(p))[0],
  'exposure.histogram:centers': ([x], p) => exposure.histogram(x!, opts(p))[1],
  'exposure.cumulative_distribution': ([x], p) => exposure.cumulativeDistribution(x!, opts(p))[0],
  'feature.hog': ([x], p) => feature.hog(x!, opts({ ...p, visualize: false })),
  'feature.hog:image': ([x], p) => feature.hog(x!, opts({ ...p, visualize: true }))[1],
  'feature.blob_log': { run: ([x], p) => feature.blobLog(x!, opts(p)), compare: 'unordered-rows' },
  'measure.label': ([x], p) => measure.label(x!, opts({ ...p, returnNum: false })),
});
