export * from './env.js';
export * from './nats-auth.js';
export * from './admin-token.js';
export * from './nats-servers.js';
export * from './run-service.js';
