import 'reflect-metadata';
import { runService } from '@herald/config';
import { startHealthMonitor } from './app.js';
import { loadHealthMonitorConfig } from './config.js';

await runService(() => startHealthMonitor(loadHealthMonitorConfig()));
