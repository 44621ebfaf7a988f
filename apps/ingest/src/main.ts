import 'reflect-metadata';
import { runService } from '@herald/config';
import { startIngest } from './app.js';
import { loadIngestConfig } from './config.js';

await runService(() => startIngest(loadIngestConfig()));
