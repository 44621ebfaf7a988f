export * from './herald-service.module.js';
export * from './start-service.js';
