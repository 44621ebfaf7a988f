export * from './duration.js';
export * from './retry-schedule.js';
export * from './breaker.js';
export * from './token-bucket.js';
export * from './outage.js';
export * from './dependency-wait.js';
export * from './bounded-map.js';
export * from './counting-status.js';
