import 'reflect-metadata';
import { runService } from '@herald/config';
import { startDispatcher } from './app.js';
import { loadDispatcherConfig } from './config.js';

await runService(() => startDispatcher(loadDispatcherConfig()));
