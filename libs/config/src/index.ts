export * from './env.js';
export * from './duration.js';
