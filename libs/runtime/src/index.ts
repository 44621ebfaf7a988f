export * from './clock.js';
export * from './random.js';
export * from './periodic-job.js';
