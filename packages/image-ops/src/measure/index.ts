/**
 * `measure`: region analysis (scikit-image's `skimage.measure`). Registered with defineOps so
 * `delayed(measure.label)` runs on worker threads. Labelling is global (a component can span the
 * whole image and labels are numbered across it), and so is its declared footprint.
 */
import { defineOps } from 'dusk-graph';
import { declareFootprint, globalFootprint } from '../core/footprint.ts';
import { label as labelFn } from './label.ts';

export type { LabelOptions } from './label.ts';

const ops = defineOps(import.meta.url, { label: labelFn });
export const { label } = ops;

declareFootprint(label, globalFootprint('a connected component can span the whole image and labels are numbered across it'));
