export * from './event-type-filter.js';
export * from './envelope.js';
export * from './json-schema.js';
export * from './linear-regexp.js';
