export * from './api-error.js';
export * from './api-exception.filter.js';
export * from './error-body.js';
export * from './openapi/index.js';
export * from './parse.js';
export * from './cursor.js';
export * from './valid-input.decorators.js';
