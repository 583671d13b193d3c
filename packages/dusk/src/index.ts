/**
 * dusk: everything a pipeline script needs, in one import.
 *
 *     import { delayed, compute, filters, io } from 'duskjs';
 *
 * Importing this module registers the worker-pool scheduler, so `compute` runs on all cores.
 */
export * from 'dusk-graph';
export * from 'dusk-scheduler';
export * from 'dusk-image-ops';
