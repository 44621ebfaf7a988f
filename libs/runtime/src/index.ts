export * from './clock.js';
export * from './periodic-job.js';
