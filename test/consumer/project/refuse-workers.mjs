// A preload (`node --import ./refuse-workers.mjs`) that throws in every worker thread.
import { isMainThread } from 'node:worker_threads';

if (!isMainThread) throw new Error('this preload refuses workers');
