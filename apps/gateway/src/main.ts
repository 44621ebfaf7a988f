import { runService } from '@herald/config';
import { startGateway } from './app.js';
import { loadGatewayConfig } from './config.js';

await runService(() => startGateway(loadGatewayConfig()));
