export * from './permissions.js';
export * from './issue.js';
export * from './revocation.js';
export * from './install.js';
