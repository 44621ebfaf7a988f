import 'reflect-metadata';
import { ConfigError } from '@herald/config';
import { startHealthMonitor } from './app.js';
import { loadHealthMonitorConfig } from './config.js';

try {
  await startHealthMonitor(loadHealthMonitorConfig());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
