import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConfigError } from '@herald/config';
import { AddressPolicy } from '@herald/ssrf';
import { ALERTING_CONFIG, type AlertingConfig } from '../config.js';
import { destinationUrlProblem } from './destination-url.js';
import { DestinationStore } from './destination.store.js';

/**
 * When HERALD_ALERT_WEBHOOK_URL is set, the operators' destination is that
 * URL with HERALD_ALERT_TOKEN, written at every start (the environment wins
 * for URL and token; enabled and kinds stay as managed over the API). A URL
 * the destination rules refuse stops the service, naming the variable.
 */
@Injectable()
export class EnvironmentDestination implements OnApplicationBootstrap {
  private readonly logger = new Logger(EnvironmentDestination.name);

  constructor(
    private readonly store: DestinationStore,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    private readonly policy: AddressPolicy,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.HERALD_ALERT_WEBHOOK_URL;
    const token = this.config.HERALD_ALERT_TOKEN;
    if (url === undefined || token === undefined) return;
    const problem = destinationUrlProblem(
      url,
      this.policy,
      this.config.HERALD_ALLOW_PRIVATE_NETWORKS,
    );
    if (problem) throw new ConfigError([`HERALD_ALERT_WEBHOOK_URL: ${problem}`]);
    await this.store.syncFromEnvironment(randomUUID(), url, token);
    this.logger.log('operators’ alert destination set from HERALD_ALERT_WEBHOOK_URL');
  }
}
