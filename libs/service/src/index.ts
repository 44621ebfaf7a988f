export * from './herald-service.module.js';
export * from './start-service.js';
export * from './service-api-docs.js';
