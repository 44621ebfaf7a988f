import { ConfigError } from '@herald/config';
import { startGateway } from './app.js';
import { loadGatewayConfig } from './config.js';

try {
  await startGateway(loadGatewayConfig());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
