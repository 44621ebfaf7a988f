import 'reflect-metadata';
import { ConfigError } from '@herald/config';
import { startDispatcher } from './app.js';
import { loadDispatcherConfig } from './config.js';

try {
  await startDispatcher(loadDispatcherConfig());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
