export * from './readiness.js';
export * from './health.controller.js';
export * from './metrics.js';
export * from './observability.module.js';
export * from './bootstrap.js';
export * from './probes.docs.js';
export * from './breaker-series.js';
export * from './startup-gate.js';
