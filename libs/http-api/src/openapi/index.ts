export * from './api-document.js';
export * from './api-errors.decorator.js';
export * from './auth.decorators.js';
export * from './merge-documents.js';
export * from './render-documents.js';
export * from './routes.js';
export * from './zod-schema.converter.js';
export * from './route-table.js';
