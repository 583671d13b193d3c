/**
 * `measure`: region analysis (scikit-image's `skimage.measure`). Registered with defineOps so
 * `delayed(measure.label)` runs on worker threads. Labelling is global: no footprint declared.
 */
import { defineOps } from '@dusk/graph';
import { label as labelFn } from './label.ts';

export type { LabelOptions } from './label.ts';

const ops = defineOps(import.meta.url, { label: labelFn });
export const { label } = ops;
