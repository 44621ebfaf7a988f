export * from './heap-budget.js';
export * from './node-flags.js';
