export * from './payload-filter.js';
