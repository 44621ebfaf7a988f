import { hostname } from 'node:os';

/** Names this dispatcher process in breaker announcements and rejection reports. */
export const REPLICA_ID = Symbol('REPLICA_ID');

export const replicaId = (): string => `${hostname()}:${process.pid}`;
