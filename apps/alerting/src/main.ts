import 'reflect-metadata';
import { ConfigError } from '@herald/config';
import { startAlerting } from './app.js';
import { loadAlertingConfig } from './config.js';

try {
  await startAlerting(loadAlertingConfig());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
