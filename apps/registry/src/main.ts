import 'reflect-metadata';
import { ConfigError } from '@herald/config';
import { startRegistry } from './app.js';
import { loadRegistryConfig } from './config.js';

try {
  await startRegistry(loadRegistryConfig());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
