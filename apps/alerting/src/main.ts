import 'reflect-metadata';
import { runService } from '@herald/config';
import { startAlerting } from './app.js';
import { loadAlertingConfig } from './config.js';

await runService(() => startAlerting(loadAlertingConfig()));
