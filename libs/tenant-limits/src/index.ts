export * from './quotas.js';
export * from './rate-limiter.js';
export * from './rate-limits.migration.js';
export * from './rate-spec.js';
export * from './api-rate-limit.interceptor.js';
export * from './api-rate-limit.module.js';
