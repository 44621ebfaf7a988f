export * from './registry-view.js';
export * from './registry-view.module.js';
export * from './endpoint-state-view.js';
export * from './follow-bucket.js';
