import 'reflect-metadata';
import { ConfigError } from '@herald/config';
import { startIngest } from './app.js';
import { loadIngestConfig } from './config.js';

try {
  await startIngest(loadIngestConfig());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
