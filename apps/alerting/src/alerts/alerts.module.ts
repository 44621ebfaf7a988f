import { Module } from '@nestjs/common';
import { ALERTING_CONFIG, type AlertingConfig } from '../config.js';
import { ALERT_DESTINATION, alertDestination } from './alert-destination.js';
import { AlertMetrics } from './alert-metrics.js';
import { AlertSender } from './alert-sender.js';
import { AlertStore } from './alert-store.js';
import { AlertsHandler } from './alerts.handler.js';

/** Operator alerts: consume signals, store them once, deliver them to the configured webhook. */
@Module({
  controllers: [AlertsHandler],
  providers: [
    AlertStore,
    AlertSender,
    AlertMetrics,
    {
      provide: ALERT_DESTINATION,
      useFactory: (config: AlertingConfig) => alertDestination(config),
      inject: [ALERTING_CONFIG],
    },
  ],
})
export class AlertsModule {}
