export * from './poll.js';
export * from './isolation.js';
export * from './webhook-receiver.js';
export * from './registry-seed.js';
export * from './stream-peek.js';
export * from './platform.js';
export * from './promtool.js';
export * from './jwt-nats.js';
