export * from './nats-client.js';
export * from './publisher.js';
export * from './dispositions.js';
export * from './jetstream.context.js';
export * from './jetstream.transport.js';
export * from './messaging.module.js';
export * from './semaphore.js';
export * from './replicas.js';
