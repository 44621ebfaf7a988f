export * from './api-error.js';
export * from './api-exception.filter.js';
export * from './parse.js';
export * from './cursor.js';
