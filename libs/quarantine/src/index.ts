export * from './quarantine.migration.js';
export * from './quarantine.store.js';
export * from './quarantine.controller.js';
export * from './quarantine.module.js';
