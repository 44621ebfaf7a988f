import 'reflect-metadata';
import { runService } from '@herald/config';
import { startRegistry } from './app.js';
import { loadRegistryConfig } from './config.js';

await runService(() => startRegistry(loadRegistryConfig()));
