import { Logger, Module } from '@nestjs/common';
import { RegistryViewModule } from '@herald/registry-view';
import { AddressPolicy, addressPolicyFrom } from '@herald/ssrf';
import { ALERTING_CONFIG, type AlertingConfig } from '../config.js';
import { AlertingPrincipalGuard } from '../destinations/alerting-principal.guard.js';
import { DeliveryLookup } from '../destinations/delivery-lookup.js';
import { DestinationStore } from '../destinations/destination.store.js';
import { DestinationsController } from '../destinations/destinations.controller.js';
import { DestinationsService } from '../destinations/destinations.service.js';
import { EnvironmentDestination } from '../destinations/environment-destination.js';
import { AlertMetrics } from './alert-metrics.js';
import { AlertRedactor } from './alert-redactor.js';
import { AlertSender } from './alert-sender.js';
import { AlertStore } from './alert-store.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsHandler } from './alerts.handler.js';

/**
 * Alerts: consume signals, route them to destinations (per tenant and the
 * operators'), de-duplicate and suppress, sign and deliver with retries;
 * the destinations API and the alert history.
 */
@Module({
  imports: [RegistryViewModule],
  controllers: [AlertsHandler, DestinationsController, AlertsController],
  providers: [
    AlertStore,
    { provide: DeliveryLookup, useExisting: AlertStore },
    AlertSender,
    AlertMetrics,
    AlertRedactor,
    DestinationStore,
    DestinationsService,
    EnvironmentDestination,
    AlertingPrincipalGuard,
    {
      // The SSRF policy alert destinations are held to.
      provide: AddressPolicy,
      useFactory: (config: AlertingConfig) => addressPolicyFrom(config, new Logger('SsrfGuard')),
      inject: [ALERTING_CONFIG],
    },
  ],
})
export class AlertsModule {}
