export * from './retry-schedule.js';
export * from './breaker.js';
