export * from './secret-box.js';
export * from './secrets-env.js';
export * from './secrets-keys.js';
