export * from './data-source.js';
export * from './database.module.js';
export * from './snake-naming.strategy.js';
export * from './group-writer.js';
export * from './prepared-statement.js';
export * from './sql-migration.js';
export * from './columns.js';
export * from './toast-compression.js';
