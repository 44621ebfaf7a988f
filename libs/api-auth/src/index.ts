export * from './api-key.js';
export * from './principal.js';
export * from './api-key.guard.js';
export * from './api-auth.module.js';
export * from './principal.decorator.js';
export * from './permissions.js';
export * from './route-permission.js';
export * from './portal-token.js';
