/**
 * `measure`: region analysis (scikit-image's `skimage.measure`). Labelling is global (a component
 * can span the whole image and labels are numbered across it). label.ts defines the op with
 * `defineOp` (core/defineOp.ts); this index re-exports it.
 */
export { label, type LabelOptions } from './label.ts';
